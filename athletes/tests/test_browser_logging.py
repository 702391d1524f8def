import pytest
from playwright.sync_api import expect

from conftest import log_in, open_menu
from library.tests.factories import make_cause

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_athlete_logs_a_cramp_on_a_phone_adds_details_and_sees_it_everywhere(phone, live_server, athlete):
    make_cause("dehydration", name="Dehydration")
    page = phone
    log_in(page, live_server.url, athlete.username)
    expect(page.get_by_role("heading", name="My cramp log")).to_be_visible()
    expect(page.get_by_text("No episodes logged yet")).to_be_visible()

    page.get_by_label("Where").select_option(label="Calves")
    page.get_by_label("Severity 7").check()
    page.get_by_role("button", name="Log cramp now").click()
    expect(page.get_by_text("Logged: Calves, severity 7")).to_be_visible()
    # The history below refreshes by itself.
    expect(page.locator("#results").get_by_text("7/10")).to_be_visible()

    page.get_by_role("link", name="Add details").click()
    expect(page.get_by_role("heading", name="Episode details")).to_be_visible()
    page.get_by_label("Setting").select_option(label="During training")
    page.get_by_label("Fluid drunk in the last 3 hours").select_option(label="Less than 500 ml")
    page.get_by_label("Notes").fill("Last ten minutes of the long run.")
    page.get_by_role("button", name="Save episode").click()

    expect(page.get_by_text("Saved: Calves cramp, severity 7.")).to_be_visible()
    history = page.locator("#results")
    expect(history.get_by_text("During training")).to_be_visible()
    expect(history.get_by_text("Points to: Dehydration")).to_be_visible()
    expect(history.get_by_text("Last ten minutes of the long run.")).to_be_visible()

    open_menu(page)
    page.get_by_role("link", name="Insights", exact=True).click()
    expect(page.get_by_role("heading", name="Your insights")).to_be_visible()
    expect(page.get_by_role("link", name="Dehydration")).to_be_visible()
    # One episode is an early sign, never "1 of 1 episode — 100%".
    expect(page.get_by_text("Early signs from 1 episode: 4 more episodes would make a pattern.")).to_be_visible()
    expect(page.get_by_text("1 of 1 episode")).to_have_count(0)
    page.screenshot(path="test-results/phone-insights.png", full_page=True)
