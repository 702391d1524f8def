import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def phone_in_tokyo(browser):
    """A phone whose clock and time zone are Tokyo's."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, timezone_id="Asia/Tokyo"
    )
    yield context.new_page()
    context.close()


def test_a_new_athlete_in_tokyo_logs_a_cramp_five_minutes_ago_and_sees_it_at_that_local_time(
    phone_in_tokyo, live_server
):
    page = phone_in_tokyo
    # Straight to the form: no page has told the server the browser's zone yet.
    page.goto(live_server.url + reverse("signup"))
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    page.get_by_label("Username").fill("kenji")
    page.get_by_label("Your name").fill("Kenji")
    page.get_by_label("Email").fill("kenji@example.com")
    page.get_by_label("Athlete", exact=True).check()
    page.get_by_label("Football").check()
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("hamstring-bridge-42")
    page.get_by_label("Password confirmation").fill("hamstring-bridge-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="My cramp log")).to_be_visible()

    page.get_by_role("link", name="Log with details").click()
    expect(page.get_by_role("heading", name="Log a cramp with details")).to_be_visible()
    five_minutes_ago = (datetime.now(TOKYO) - timedelta(minutes=5)).replace(tzinfo=None)
    page.get_by_label("When").fill(five_minutes_ago.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("combobox", name="Muscle").select_option(label="Calves")
    page.get_by_role("spinbutton", name="Severity").fill("6")
    page.get_by_role("button", name="Save episode").click()

    expect(page.get_by_text("Logged: Calves cramp, severity 6.")).to_be_visible()
    expect(page.locator("#results").get_by_text(dateformat.format(five_minutes_ago, "D j M, H:i"))).to_be_visible()
    page.screenshot(path="test-results/phone-tokyo-history.png", full_page=True)
