"""On phones: an athlete's cramps come from sweat, heat and too little fluid; the coach's top suggestion is a
fluids plan, and the athlete finds its habits after it is assigned."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import log_a_sweaty_cramp, log_in

from .coaching import link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_page(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()


def test_a_coach_gets_a_fluids_plan_first_for_sweat_heat_and_little_fluid_and_assigns_it(
    browser, live_server, athlete, coach
):
    call_command("load_library", verbosity=0)
    link(coach, athlete)
    athlete_page, coach_page = phone_page(browser), phone_page(browser)

    log_in(athlete_page, live_server.url, athlete.username)
    athlete_page.goto(live_server.url + "/log/")
    for severity in (6, 7, 5, 6):
        log_a_sweaty_cramp(athlete_page, severity)

    log_in(coach_page, live_server.url, coach.username)
    coach_page.get_by_role("link", name="Alex").first.click()
    suggestions = coach_page.get_by_role("region", name="Suggested plans")
    top = suggestions.get_by_role("article").first
    expect(top).to_contain_text("behind 4 of Alex's 4 episodes")
    expect(top).to_contain_text("1 more episode would make a pattern")
    expect(top).to_contain_text(re.compile(r"dehydration|sodium", re.IGNORECASE))
    plan_name = top.get_by_role("heading").get_by_role("link").inner_text()
    assert re.search(r"fluid|sodium", plan_name, re.IGNORECASE), plan_name
    coach_page.screenshot(path="test-results/phone-coach-fluids-suggestion.png", full_page=True)
    top.get_by_role("link", name=re.compile("^Assign")).click()
    coach_page.get_by_role("button", name="Assign routine").click()
    expect(coach_page.get_by_text(f"Assigned {plan_name} to Alex")).to_be_visible()

    athlete_page.goto(live_server.url + "/routine/")
    expect(athlete_page.get_by_role("heading", name=plan_name)).to_be_visible()
    habits = athlete_page.get_by_role("heading", name="Today's habits")
    expect(habits).to_be_visible()
    athlete_page.screenshot(path="test-results/phone-athlete-fluids-plan.png", full_page=True)
