"""On a phone, the quick log stays on the first screen however many red flags are shown, and a flag can be
acknowledged from the line that opens."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in

from .factories import make_episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN_HEIGHT = 844


def several_flags(athlete):
    make_episode(athlete, leg_swelling=True, side="left", setting="training")  # possible clot: seek care today
    make_episode(athlete, days_ago=1, numbness=True, setting="training")
    make_episode(athlete, days_ago=2, vomiting=True, setting="training")
    make_episode(athlete, days_ago=3, duration_minutes=15, setting="training")
    make_episode(athlete, days_ago=4, muscle_weakness=True, setting="training")


def assert_on_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= SCREEN_HEIGHT, box


def test_the_quick_log_stays_on_the_first_screen_with_several_flags(phone, live_server, athlete):
    several_flags(athlete)
    log_in(phone, live_server.url, "alex")
    phone.goto(live_server.url + "/log/")
    line = phone.locator("summary", has_text="warning signs")
    expect(line).to_be_visible()
    expect(line).to_contain_text(re.compile(r"Seek care today: \d warning signs — see a healthcare professional"))
    assert_on_first_screen(line)
    assert_on_first_screen(phone.get_by_role("button", name="Log cramp now"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="test-results/phone-log-with-flags.png")

    # The line opens to the flags, and one can be acknowledged.
    line.click()
    expect(phone.get_by_text("One swollen, warm or red leg", exact=False).first).to_be_visible()
    phone.screenshot(path="test-results/phone-log-flags-open.png", full_page=True)
    phone.get_by_role("button", name="Acknowledge Numbness").click()
    expect(phone.get_by_text("Acknowledged: Numbness")).to_be_visible()
    phone.locator("summary", has_text="warning signs").click()
    phone.get_by_text("Acknowledged (1)").click()
    expect(phone.get_by_text(re.compile("acknowledged by you on"))).to_be_visible()

    # After a quick log, the button to log the next one is still on the first screen.
    phone.goto(live_server.url + "/log/")
    phone.get_by_label("Where").select_option(label="Calves")
    phone.get_by_label("Severity 4").check()
    phone.get_by_role("button", name="Log cramp now").click()
    expect(phone.get_by_role("link", name="Add details")).to_be_visible()
    assert_on_first_screen(phone.get_by_role("link", name="Add details"))
    assert_on_first_screen(phone.get_by_role("button", name="Log cramp now"))
    phone.screenshot(path="test-results/phone-log-after-quick-log.png")
