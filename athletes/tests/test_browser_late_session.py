"""On a phone, an athlete who forgot to log yesterday's session picks the day and logs it late."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from library.tests.factories import make_exercise

from .coaching import assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_athlete_logs_yesterdays_session_late(phone, live_server, athlete, coach):
    assign(coach, athlete, [make_exercise("slow-calf-raises", name="Slow calf raises")], start_days_ago=5)
    log_in(phone, live_server.url, "alex")
    phone.goto(live_server.url + "/routine/")
    expect(phone.get_by_role("heading", name="Today's session")).to_be_visible()
    days = phone.get_by_role("navigation", name="Day of the session").get_by_role("link")
    expect(days).to_have_count(6)  # today and the 5 days since the start
    days.nth(1).click()
    expect(phone.get_by_role("heading", name="Session for")).to_be_visible()
    phone.get_by_label("Slow calf raises").check()
    phone.get_by_label("Yes").check()
    phone.get_by_role("button", name="Log this session (late)").click()
    expect(phone.get_by_text("(logged late)")).to_be_visible()
    expect(phone.get_by_text("Logged late", exact=True)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="test-results/phone-routine-late-session.png", full_page=True)
