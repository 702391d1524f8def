"""A new coach on a phone: signs up, is sent to set up two-factor sign-in, types the setup key into their
"app" (the test works the code out from the key the page shows, as an authenticator app does), confirms,
sees the recovery codes once, and reaches the dashboard; the next log-in asks for a code."""

import re
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from athletes.models import User
from conftest import enter_code, open_menu
from cramps.tests.test_browser_every_page import overflow, serious_violations
from twofactor import devices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("test-results/two-factor")
PASSWORD = "hamstring-bridge-42"


def test_a_new_coach_sets_up_two_factor_sign_in_on_a_phone_and_reaches_the_dashboard(phone, live_server):
    page = phone
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Username").fill("trainer")
    page.get_by_label("Your name").fill("Tess")
    page.get_by_label("Email").fill("tess@example.com")
    page.get_by_label("Coach", exact=True).check()
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    # Sent to set it up before anything else; the menu offers nothing but logging out.
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_text("Welcome to Cramps, Tess.")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    assert overflow(page) <= 0
    page.screenshot(path=SCREENSHOTS / "set-up-phone.png", full_page=True)
    assert serious_violations(page) == []
    open_menu(page)
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(live_server.url + "/coach/")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()

    # The "app": the setup key as the page shows it, and the code worked out from it (RFC 6238).
    setup_key = page.get_by_label("Can't scan it? Type this setup key into the app instead:").input_value()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", setup_key), setup_key
    code = f"{totp(b32decode(setup_key.replace(' ', ''))):06d}"
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Confirm").click()

    # The recovery codes, this once.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code) for code in codes), codes
    assert overflow(page) <= 0
    page.screenshot(path=SCREENSHOTS / "recovery-codes-phone.png", full_page=True)
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_role("heading", name="Your athletes")).to_be_visible()

    # Never again: the profile says how many are left, not what they are.
    page.goto(live_server.url + "/accounts/profile/")
    expect(page.get_by_text("10 recovery codes left.")).to_be_visible()
    for shown in codes:
        expect(page.get_by_text(shown)).to_have_count(0)

    # The next log-in asks for a code after the password.
    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("trainer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter the 6-digit code")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "code-phone.png", full_page=True)
    assert serious_violations(page) == []
    enter_code(page, devices.authenticator_of(User.objects.get(username="trainer")))
    expect(page.get_by_role("heading", name="Your athletes")).to_be_visible()
