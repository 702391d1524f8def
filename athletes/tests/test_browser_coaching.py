import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import log_in, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def quick_log(page, muscle, severity):
    page.get_by_label("Where").select_option(label=muscle)
    page.get_by_label(f"Severity {severity}").check()
    page.get_by_role("button", name="Log cramp now").click()
    expect(page.get_by_text(f"Logged: {muscle}, severity {severity}")).to_be_visible()


def add_details(page, *, setting, fluid, sweating, minutes_in, rpe):
    page.get_by_role("link", name="Add details").click()
    page.get_by_label("Setting").select_option(label=setting)
    page.get_by_label("Minutes into session").fill(str(minutes_in))
    page.get_by_label("Session intensity (RPE 1–10)").fill(str(rpe))
    page.get_by_label("Fluid drunk in the last 3 hours").select_option(label=fluid)
    if sweating:
        page.get_by_label("Heavy sweating or salt marks").check()
    page.get_by_role("button", name="Save episode").click()
    expect(page.get_by_text("Saved:")).to_be_visible()


def test_coach_invites_athlete_logs_coach_assigns_athlete_trains_coach_sees_adherence(
    browser, live_server, athlete, coach
):
    call_command("load_library", verbosity=0)
    coach_page = browser.new_context().new_page()
    athlete_page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()

    # The coach creates an invite.
    log_in(coach_page, live_server.url, coach.username)
    expect(coach_page.get_by_role("heading", name="No athletes yet")).to_be_visible()
    coach_page.get_by_role("link", name="Create an invite").click()
    coach_page.get_by_role("button", name="Create an invite").click()
    code = re.search(r"New invite code: (\w{8})", coach_page.get_by_role("alert").first.inner_text()).group(1)

    # The athlete joins with the code, then logs three cramps.
    log_in(athlete_page, live_server.url, athlete.username)
    athlete_page.goto(live_server.url + "/join/")
    athlete_page.get_by_label("Invite code").fill(code)
    athlete_page.get_by_role("button", name="Check code").click()
    expect(athlete_page.get_by_text("Casey (casey) invites you")).to_be_visible()
    athlete_page.get_by_role("button", name="Accept Casey as my coach").click()
    expect(athlete_page.get_by_text("Casey is now your coach.")).to_be_visible()

    athlete_page.goto(live_server.url + "/log/")
    for severity in (6, 7, 5):
        quick_log(athlete_page, "Hamstrings", severity)
        add_details(
            athlete_page, setting="During training", fluid="Almost nothing", sweating=True, minutes_in=75, rpe=8
        )

    # The coach sees the triggers and assigns the top recommendation.
    coach_page.goto(live_server.url + "/coach/")
    coach_page.get_by_role("link", name="Alex").click()
    expect(coach_page.get_by_role("heading", name="What the cramps point to")).to_be_visible()
    expect(coach_page.get_by_role("link", name="Dehydration")).to_be_visible()
    suggestion = coach_page.get_by_role("region", name="Suggested plans").get_by_role("article").first
    expect(suggestion).to_contain_text("behind 3 of Alex's 3 episodes")
    expect(suggestion).to_contain_text("Worth trying")  # three episodes are early signs, not a finding
    suggestion.get_by_role("link", name=re.compile("^Assign")).click()
    coach_page.get_by_role("button", name="Assign routine").click()
    expect(coach_page.get_by_text(re.compile("Assigned .* to Alex"))).to_be_visible()

    # The athlete does today's session.
    open_menu(athlete_page)
    athlete_page.get_by_role("link", name="Routine").click()
    # count() does not wait: let the routine page arrive before counting its boxes.
    expect(athlete_page.get_by_role("heading", name="Today's session")).to_be_visible()
    checkboxes = athlete_page.locator("input[name=completed_items]")
    expect(checkboxes.first).to_be_visible()
    for i in range(checkboxes.count()):
        checkboxes.nth(i).check()
    athlete_page.get_by_label("Yes").check()
    athlete_page.get_by_role("button", name="Finish session").click()
    expect(athlete_page.get_by_text("Session saved.")).to_be_visible()
    athlete_page.screenshot(path="test-results/journey-athlete-routine.png", full_page=True)

    # The coach sees the adherence: the plan suggested for fluids is habits only, counted by the day.
    coach_page.goto(live_server.url + "/coach/")
    expect(coach_page.get_by_text("Habits kept on 1 of 1 day")).to_be_visible()
    coach_page.screenshot(path="test-results/journey-coach-dashboard.png", full_page=True)
