"""The daily check-in on a phone: from the log's prompt, No in a few taps; Yes goes on to the quick log."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from athletes.insights import local_today
from athletes.models import DailyCheckIn
from athletes.tests.coaching import link
from conftest import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CHECKIN_SHOTS", "test-results/checkin"))


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_an_athlete_checks_in_from_the_log_and_the_coach_sees_it(phone, live_server):
    athlete = make_user("dana", first_name="Dana")
    coach = make_user("casey", first_name="Casey", role="coach")
    link(coach, athlete)
    today = local_today(athlete)
    for back in range(1, 31):  # a month of check-ins: hot days cramp more
        hot = back % 3 == 0
        DailyCheckIn.objects.create(
            athlete=athlete,
            day=today - timedelta(days=back),
            cramped=hot and back % 2 == 0 or back == 7,
            hot_conditions=hot,
            training_load="hard" if back % 4 == 0 else "easy",
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = phone
    log_in(page, live_server.url, "dana")
    page.goto(live_server.url + "/log/")
    expect(page.get_by_text("How was today? Check in")).to_be_visible()
    page.get_by_role("link", name="Check in", exact=True).last.click()
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    page.screenshot(path=SHOTS / "checkin-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    page.get_by_text("No", exact=True).click()
    page.get_by_text("Hard", exact=True).click()
    page.get_by_label("Hours slept last night").fill("7.5")
    page.get_by_text("Hot or humid", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in for today saved. Thank you.")).to_be_visible()
    expect(page.get_by_role("button", name="Update check-in")).to_be_visible()
    saved = DailyCheckIn.objects.get(athlete=athlete, day=today)
    assert (saved.cramped, saved.training_load, str(saved.sleep_hours), saved.hot_conditions) == (
        False,
        "hard",
        "7.5",
        True,
    )

    page.get_by_text("Yes", exact=True).click()
    page.get_by_role("button", name="Update check-in").click()
    expect(page.get_by_text("Now log the cramp")).to_be_visible()
    expect(page.get_by_role("button", name="Log cramp now")).to_be_visible()
    expect(page.get_by_text("How was today? Check in")).to_have_count(0)
    assert DailyCheckIn.objects.filter(athlete=athlete).count() == 31

    page.goto(live_server.url + "/insights/")
    expect(page.get_by_role("heading", name="Days with and without cramps")).to_be_visible()
    page.get_by_role("heading", name="Days with and without cramps").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "insights-days-phone.png")

    page.context.clear_cookies()
    log_in(page, live_server.url, "casey")
    page.goto(live_server.url + "/coach/")
    expect(page.get_by_text("Checked in today")).to_be_visible()
    page.screenshot(path=SHOTS / "dashboard-phone.png")
