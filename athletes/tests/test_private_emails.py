"""An email address is private: sign-up and password reset never say whether one has an account."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from athletes.models import User

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "calf-raise-tempo-33"


def sign_up(client, **overrides):
    data = {
        "username": "newbie",
        "first_name": "Nia",
        "email": "nia@example.com",
        "role": "athlete",
        "athlete_type": "gym",
        "time_zone": "UTC",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }
    return client.post(reverse("signup"), data)


def confirmation_link(message):
    return re.search(r"^\S+/accounts/email/confirm/\S+/$", message.body, re.MULTILINE).group(0)


@pytest.mark.parametrize("email", ["alex@example.com", "ALEX@Example.com"])
def test_a_taken_address_and_a_free_one_sign_up_alike(athlete, email):
    """The visitor sees the same page, message and session either way: nothing says the address is taken."""
    answers = []
    for username, address in (("newbie", "nia@example.com"), ("other", email)):
        client = Client()
        response = sign_up(client, username=username, email=address)
        assert response.status_code == 302
        assert response.url == "/"
        assert "_auth_user_id" in client.session
        page = client.get("/", follow=True).content.decode()
        answers.append(page.replace(address, "ADDRESS").replace("Nia", "NAME"))
        assert "already" not in page
    welcome = [re.search(r"We have sent a link to ADDRESS[^<]*", page).group(0) for page in answers]
    assert welcome[0] == welcome[1]
    assert User.objects.get(username="other").email == ""  # the taken address stays its owner's alone
    assert User.objects.get(username="alex").email == "alex@example.com"


def test_the_owner_of_a_taken_address_is_told_by_email_and_no_link_is_sent(client, athlete, settings):
    settings.SITE_URL = "https://cramps.example.com"
    sign_up(client, email="alex@example.com")
    assert len(mail.outbox) == 1
    note = mail.outbox[0]
    assert note.to == ["alex@example.com"]
    assert "someone tried to use your email address" in note.subject
    assert 'your account "alex"' in note.body
    assert "https://cramps.example.com/accounts/password_reset/" in note.body
    assert "/accounts/email/confirm/" not in note.body


def test_the_owner_gets_one_such_email_an_hour_however_many_tries(client, athlete):
    for name in ("first", "second", "third"):
        sign_up(Client(), username=name, email="alex@example.com")
    assert len(mail.outbox) == 1


def test_a_taken_address_with_other_mistakes_shows_those_mistakes_only(client, athlete):
    response = sign_up(client, email="alex@example.com", password2="something-else-77")
    form = response.context["form"]
    assert set(form.errors) == {"password2"}
    assert not mail.outbox


def test_a_new_address_is_the_members_once_they_open_the_link(client, settings):
    settings.SITE_URL = "https://cramps.example.com"
    sign_up(client)
    user = User.objects.get(username="newbie")
    assert user.email == ""
    (message,) = mail.outbox
    assert message.to == ["nia@example.com"]
    assert message.subject == "Cramps: confirm your email address"
    link = confirmation_link(message)
    assert link.startswith("https://cramps.example.com/accounts/email/confirm/")
    path = link.removeprefix("https://cramps.example.com")
    stranger = Client()
    assert stranger.get(path).status_code == 200  # a mail scanner's visit changes nothing
    user.refresh_from_db()
    assert user.email == ""
    response = stranger.post(path)  # the signed link is the proof, logged in or not
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "nia@example.com"


def test_a_link_whose_address_was_taken_meanwhile_does_nothing(client, settings):
    sign_up(client)
    path = "/" + confirmation_link(mail.outbox[0]).split("/", 3)[3]
    User.objects.create_user("quick", email="NIA@example.com", password=GOOD_PASSWORD)
    response = Client().post(path)
    assert response.status_code == 404
    assert User.objects.get(username="newbie").email == ""


def test_a_changed_or_old_link_does_nothing(client):
    sign_up(client)
    path = "/" + confirmation_link(mail.outbox[0]).split("/", 3)[3]
    assert Client().post(path.replace("/confirm/", "/confirm/x")).status_code == 404
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 4 * 24 * 3600):
        assert Client().post(path).status_code == 404
    assert User.objects.get(username="newbie").email == ""


def test_the_password_must_not_resemble_the_email_address(client):
    response = sign_up(client, email="calf-raise-tempo-33@example.com")
    assert "too similar to the email address" in " ".join(response.context["form"].errors["password2"])
    assert not User.objects.filter(username="newbie").exists()


def test_a_password_reset_answers_the_same_for_a_known_and_an_unknown_address(client, athlete):
    known = client.post(reverse("password_reset"), {"email": "alex@example.com"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1  # to the account's owner only
    assert mail.outbox[0].to == ["alex@example.com"]
    assert "If an account uses that address" in client.get(known.url).content.decode()


def test_the_reset_link_starts_with_site_url_not_the_requests_host(client, athlete, settings):
    settings.SITE_URL = "https://cramps.example.com"
    settings.ALLOWED_HOSTS = ["*"]
    client.post(reverse("password_reset"), {"email": "alex@example.com"}, HTTP_HOST="evil.example.net")
    body = mail.outbox[0].body
    assert re.search(r"^https://cramps\.example\.com/accounts/reset/\S+/\S+/$", body, re.MULTILINE), body
    assert "evil.example.net" not in body


def test_once_the_address_changes_older_links_stop_working(client):
    sign_up(client, email="nia@gmial.com")  # a typo
    typo_link = "/" + confirmation_link(mail.outbox[0]).split("/", 3)[3]
    profile = {
        "account-first_name": "Nia",
        "account-email": "nia@gmail.com",
        "account-current_password": GOOD_PASSWORD,
        "account-time_zone": "UTC",
        "profile-athlete_type": "gym",
    }
    assert client.post(reverse("profile"), profile).status_code == 302
    right_link = "/" + confirmation_link(mail.outbox[1]).split("/", 3)[3]
    assert client.post(right_link).status_code == 302
    assert Client().post(typo_link).status_code == 404  # whoever owns the typo address gets nothing
    assert Client().post(right_link).status_code == 404  # and a link works once
    assert User.objects.get(username="newbie").email == "nia@gmail.com"


def test_a_second_link_to_the_same_address_within_a_minute_is_not_sent(client):
    sign_up(client)
    sign_up(Client(), username="again")
    assert [m.to for m in mail.outbox] == [["nia@example.com"]]
