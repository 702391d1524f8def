import re

import pytest
from playwright.sync_api import expect

from athletes.models import CoachInvite, CoachLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_opens_an_invite_link_signs_up_and_accepts_the_coach(page, live_server, coach):
    invite = CoachInvite.objects.create(coach=coach)

    # The link from the coach, opened on a phone that has never signed in.
    page.goto(f"{live_server.url}/join/{invite.code}/")
    expect(page.get_by_text("Casey invites you to be coached on Cramps.")).to_be_visible()
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Username").fill("quinn")
    page.get_by_label("Your name").fill("Quinn")
    page.get_by_label("Email").fill("quinn@example.com")
    page.get_by_label("Athlete", exact=True).check()
    page.get_by_label("Gym athlete", exact=True).check()
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("hamstring-bridge-42")
    page.get_by_label("Password confirmation").fill("hamstring-bridge-42")
    page.get_by_role("button", name="Sign up").click()

    # Back at the same invite, signed in: nothing is shared until the athlete accepts.
    expect(page.get_by_text("Welcome to Cramps, Quinn.")).to_be_visible()
    expect(page.get_by_text("Casey (casey) invites you to be coached on Cramps.")).to_be_visible()
    assert not CoachLink.objects.exists()
    page.get_by_role("button", name="Accept Casey as my coach").click()
    expect(page.get_by_text("Casey is now your coach.")).to_be_visible()
    assert CoachLink.objects.active().filter(coach=coach, athlete__username="quinn").exists()
