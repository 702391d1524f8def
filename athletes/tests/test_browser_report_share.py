"""On a phone, an athlete finds the report from insights, sends a physio a link, the physio opens it without an
account, and the athlete revokes it."""

import pytest
from playwright.sync_api import expect

from conftest import log_in

from .factories import make_episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_athlete_shares_the_report_with_a_physio_then_revokes_the_link(phone, browser, live_server, athlete):
    make_episode(athlete, days_ago=3, setting="night", notes="Woke with a hard calf")
    page = phone
    log_in(page, live_server.url, athlete.username)
    page.goto(live_server.url + "/insights/")
    page.get_by_role("link", name="Report for your physio or doctor").click()
    expect(page.get_by_role("heading", name="Cramp report: Alex")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by report.js
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Share a link").click()
    page.get_by_label("Works for (days)").fill("31")
    page.get_by_role("button", name="Make link").click()
    expect(page.get_by_text("A link works for at most 30 days.")).to_be_visible()
    page.get_by_label("Works for (days)").fill("5")
    page.get_by_label("Who it is for").fill("Physio Kim")
    page.get_by_role("button", name="Make link").click()
    url = page.get_by_label("The new link").input_value()

    physio = browser.new_context()
    their_page = physio.new_page()
    their_page.goto(url)
    expect(their_page.get_by_role("heading", name="Cramp report: Alex")).to_be_visible()
    expect(their_page.get_by_text("Woke with a hard calf")).to_be_visible()
    expect(their_page.get_by_role("link", name="Download PDF")).to_be_visible()
    expect(their_page.get_by_role("navigation")).to_have_count(0)

    page.reload()
    expect(page.get_by_text("Opened 1 time")).to_be_visible()
    page.get_by_role("link", name="Revoke the link for Physio Kim").click()
    expect(page.get_by_role("heading", name="Revoke this link?")).to_be_visible()
    page.get_by_role("button", name="Revoke link").click()
    expect(page.get_by_text("Link revoked")).to_be_visible()
    expect(page.get_by_text("Physio Kim")).to_have_count(0)

    assert their_page.goto(url).status == 404
    physio.close()
