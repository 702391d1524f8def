import re

import pytest
from playwright.sync_api import expect

from conftest import set_up_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page, base_url, *, username, name, email, role, athlete_type=None):
    page.goto(base_url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label(role, exact=True).check()
    if athlete_type:
        page.get_by_label(athlete_type, exact=True).check()
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("hamstring-bridge-42")
    page.get_by_label("Password confirmation").fill("hamstring-bridge-42")
    page.get_by_role("button", name="Sign up").click()


def test_an_athlete_and_a_coach_sign_up_and_land_in_their_places(page, live_server):
    _sign_up(
        page,
        live_server.url,
        username="runner",
        name="Rui",
        email="rui@example.com",
        role="Athlete",
        athlete_type="Football",
    )
    expect(page.get_by_role("heading", name="My cramp log")).to_be_visible()
    expect(page.get_by_text("Welcome to Cramps, Rui.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    # Logging out first clears what the phone kept for offline use, then leaves: wait until it has.
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Coach", exact=True).check()
    expect(page.get_by_text("What kind of athlete are you?")).to_be_hidden()  # coaches are not asked
    _sign_up(page, live_server.url, username="trainer", name="Tess", email="tess@example.com", role="Coach")
    # A coach sets up two-factor sign-in first (twofactor/tests/test_browser_two_factor.py), then lands.
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    set_up_two_factor(page)
    expect(page.get_by_role("heading", name="Your athletes")).to_be_visible()
