"""An invite link opened by someone who is not signed in: they see who invites them, sign up (or log in) and
come back to the same invite to accept it. A code that opens nothing tells a visitor nothing more."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import CoachInvite, CoachLink, User
from conftest import PASSWORD
from twofactor.testing import give_authenticator, next_code

pytestmark = pytest.mark.django_db

INVALID = "This code is not valid or has expired. Ask your coach for a new one."


@pytest.fixture
def invite(coach):
    return CoachInvite.objects.create(coach=coach)


def link_of(invite):
    return reverse("athletes:join-code", args=[invite.code])


def hrefs(body):
    return re.findall(r'href="([^"]+)"', body.replace("&amp;", "&"))


def main(body):
    """What the page says: its main part, without the CSRF token (new on every page)."""
    return re.search(r"<main.*?</main>", body, re.S).group(0)


def signup_data(**extra):
    return {
        "username": "quinn",
        "first_name": "Quinn",
        "email": "quinn@example.com",
        "role": "athlete",
        "athlete_type": "gym",
        "time_zone": "Europe/London",
        "password1": "calf-raise-tempo-33",
        "password2": "calf-raise-tempo-33",
        **extra,
    }


def test_a_visitor_sees_who_invites_them_and_is_offered_sign_up_then_log_in(client, invite):
    response = client.get(link_of(invite))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>Casey</strong> invites you to be coached on Cramps." in body
    assert "(casey)" not in body  # the coach's name, nothing more
    back = f"?next={link_of(invite)}"
    offered = [href for href in hrefs(main(body)) if href.endswith(back)]
    assert offered == [reverse("signup") + back, reverse("login") + back]  # sign-up first


def test_signing_up_from_an_invite_link_comes_back_to_it_and_accepting_links_the_coach(client, invite, coach):
    back = link_of(invite)
    signup_page = client.get(f"{reverse('signup')}?next={back}").content.decode()
    assert f'name="next" value="{back}"' in signup_page

    response = client.post(reverse("signup"), {**signup_data(), "next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    body = response.content.decode()
    assert "Welcome to Cramps, Quinn." in body
    assert "Accept Casey as my coach" in body
    assert not CoachLink.objects.exists()  # nothing happens until the athlete accepts

    client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    athlete = User.objects.get(username="quinn")
    assert CoachLink.objects.active().filter(coach=coach, athlete=athlete).exists()
    invite.refresh_from_db()
    assert invite.used_by == athlete


def test_logging_in_from_an_invite_link_comes_back_to_it_and_accepting_links_the_coach(client, invite, athlete, coach):
    back = link_of(invite)
    response = client.post(
        f"{reverse('login')}?next={back}", {"username": "alex", "password": PASSWORD, "next": back}, follow=True
    )
    assert response.redirect_chain[-1][0] == back
    assert "Accept Casey as my coach" in response.content.decode()
    assert not CoachLink.objects.exists()

    response = client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"}, follow=True)
    assert "Casey is now your coach." in response.content.decode()
    assert CoachLink.objects.active().filter(coach=coach, athlete=athlete).exists()


def test_an_athlete_who_signs_in_with_a_code_too_comes_back_to_the_invite(client, invite, athlete):
    device = give_authenticator(athlete)
    back = link_of(invite)
    client.post(reverse("login"), {"username": "alex", "password": PASSWORD, "next": back})
    response = client.get(back, follow=True)  # the code page first, which remembers where to go
    assert response.redirect_chain[-1][0].startswith(reverse("twofactor:verify"))
    response = client.post(response.redirect_chain[-1][0], {"code": next_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "Accept Casey as my coach" in response.content.decode()


def test_a_signed_in_athlete_opening_the_link_gets_the_join_page_as_before(athlete_client, invite):
    body = athlete_client.get(link_of(invite)).content.decode()
    assert "<strong>Casey</strong> (casey) invites you" in body
    assert "Accept Casey as my coach" in body


def test_a_code_that_opens_nothing_says_the_same_whatever_the_reason(client, coach, athlete, staff):
    unknown = "NOSUCH99"
    used = CoachInvite.objects.create(coach=coach, used_at=timezone.now(), used_by=athlete)
    expired = CoachInvite.objects.create(coach=coach, expires_at=timezone.now() - timedelta(seconds=1))
    withdrawn = CoachInvite.objects.create(coach=coach)
    withdrawn.delete()
    from_an_editor = CoachInvite.objects.create(coach=staff)  # made while a coach; an editor's opens nothing
    pages = []
    for code in (unknown, used.code, expired.code, withdrawn.code, from_an_editor.code):
        response = Client().get(reverse("athletes:join-code", args=[code]))
        assert response.status_code == 404
        pages.append(main(response.content.decode()))
    assert INVALID in pages[0]
    assert "Casey" not in pages[0]
    assert all(page == pages[0] for page in pages)


@pytest.mark.parametrize(
    "code",
    ["x" * 400, "ab%0Acd", "%00", "<script>", "caf%C3%A9", "%E2%80%AEABCD1234", "..", "ABCD%201234"],
)
def test_odd_codes_in_the_link_answer_404_not_an_error(client, code):
    response = client.get(f"/join/{code}/")
    assert response.status_code == 404


def test_wrong_codes_from_one_address_stop_the_link_for_a_while_but_not_for_others(client, invite, settings):
    for i in range(settings.INVITE_CODE_FAILURE_LIMIT):
        assert client.get(reverse("athletes:join-code", args=[f"WRONG{i:03d}"])).status_code == 404
    response = client.get(link_of(invite))
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many wrong invite codes" in body
    assert "Casey" not in body
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert elsewhere.get(link_of(invite)).status_code == 200


def test_a_visitors_post_to_the_link_asks_them_to_log_in(client, invite):
    response = client.post(link_of(invite), {"code": invite.code, "accept": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not CoachLink.objects.exists()
