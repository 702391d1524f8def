"""On phones, an athlete asks about their plan and their coach answers, each without the page reloading."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from library.tests.factories import make_exercise

from .coaching import assign, link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "the plan “Calf work”"


def post_comment(page, label, text):
    box = page.get_by_label(f"Add a comment on {label}")
    box.fill(text)
    box.locator("xpath=ancestor::form").get_by_role("button", name="Post comment").click()


def test_an_athlete_asks_about_the_plan_and_the_coach_answers(phone, browser, live_server, athlete, coach):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise("slow-calf-raises", name="Slow calf raises")], start_days_ago=2)
    plan.name = "Calf work"
    plan.save()

    log_in(phone, live_server.url, "alex")
    phone.goto(live_server.url + "/routine/")
    phone.evaluate("window.notReloaded = true")
    post_comment(phone, PLAN, "Can I do these after a match?")
    expect(phone.get_by_text("Can I do these after a match?")).to_be_visible()
    assert phone.evaluate("window.notReloaded") is True  # htmx swapped the thread in place
    expect(phone.get_by_label(f"Add a comment on {PLAN}")).to_have_value("")

    coach_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    coach_page = coach_context.new_page()
    log_in(coach_page, live_server.url, "casey")
    coach_page.goto(live_server.url + "/coach/")
    coach_page.get_by_role("link", name="1 new comment from Alex").click()
    expect(coach_page.get_by_role("heading", name="New from Alex: 1 comment")).to_be_visible()
    post_comment(coach_page, PLAN, "Yes, the next morning is better.")
    expect(coach_page.get_by_text("Yes, the next morning is better.")).to_be_visible()
    assert coach_page.evaluate("document.documentElement.scrollWidth") <= 390
    coach_context.close()

    phone.goto(live_server.url + "/log/")
    phone.get_by_role("link", name=PLAN).click()
    expect(phone.get_by_text("Yes, the next morning is better.")).to_be_visible()
    expect(phone.get_by_text("New", exact=True)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
