"""An email address is private: sign-up and password reset never say whether one has an account."""

import re

import pytest
from django.core import mail
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


@pytest.mark.parametrize("email", ["alex@example.com", "ALEX@Example.com"])
def test_a_sign_up_with_a_taken_address_says_nothing_about_it_and_makes_no_account(client, athlete, email):
    users_before = User.objects.count()
    response = sign_up(client, email=email)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Check your email" in body
    assert [t.name for t in response.templates][0] == "registration/signup_check_email.html"  # not the form
    assert "already" not in body.replace("Already have a Cramps account?", "")
    assert User.objects.count() == users_before
    assert "_auth_user_id" not in client.session


def test_the_owner_of_a_taken_address_is_told_by_email(client, athlete, settings):
    settings.SITE_URL = "https://cramps.example.com"
    sign_up(client, email="alex@example.com")
    assert len(mail.outbox) == 1
    note = mail.outbox[0]
    assert note.to == ["alex@example.com"]
    assert "someone tried to sign up" in note.subject
    assert 'your account "alex"' in note.body
    assert "https://cramps.example.com/accounts/password_reset/" in note.body
    assert "no new account was made" in note.body


def test_the_owner_gets_one_such_email_an_hour_however_many_tries(client, athlete):
    for name in ("first", "second", "third"):
        sign_up(client, username=name, email="alex@example.com")
    assert len(mail.outbox) == 1


def test_a_taken_address_with_other_mistakes_shows_those_mistakes_only(client, athlete):
    response = sign_up(client, email="alex@example.com", password2="something-else-77")
    form = response.context["form"]
    assert set(form.errors) == {"password2"}
    assert not mail.outbox


def test_a_new_address_still_signs_up_and_logs_in(client, athlete):
    response = sign_up(client)
    assert response.status_code == 302
    assert User.objects.get(username="newbie").email == "nia@example.com"
    assert not mail.outbox


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
