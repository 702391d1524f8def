"""A coach changes a plan, the athlete sees it and reports discomfort, the coach is told; then the coach ends it."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in
from library.tests.factories import make_exercise, make_strategy

from .coaching import assign, link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_coach_changes_the_plan_athlete_reports_discomfort_coach_is_told(browser, live_server, athlete, coach):
    link(coach, athlete)
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    sleep = make_strategy("sleep-well", name="Sleep well")
    assign(coach, athlete, [calf], habits=[(sleep, "7 hours in bed")], start_days_ago=3)
    coach_page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    athlete_page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()

    # The coach opens Alex's plan and changes a dose and the sessions a week.
    log_in(coach_page, live_server.url, coach.username)
    coach_page.get_by_role("link", name="Alex").click()
    plan = coach_page.get_by_role("region", name="Active plan")
    expect(plan).to_contain_text("Slow calf raises — 3 × 15 reps")
    expect(plan).to_contain_text("3 sessions a week for 4 weeks")
    plan.get_by_role("link", name="Change plan").click()
    coach_page.get_by_label("Sessions per week").fill("4")
    calf_raises = coach_page.get_by_role("group", name="Slow calf raises")
    calf_raises.get_by_text("Slow calf raises — 3 × 15 reps").click()
    calf_raises.get_by_label("Reps").fill("20")
    coach_page.get_by_label("Message for the athlete").fill("Your calves are ready for more.")
    coach_page.get_by_role("button", name="Save changes").click()
    expect(coach_page.get_by_text("Changed Custom routine: sessions a week 3 → 4")).to_be_visible()
    expect(plan).to_contain_text("Slow calf raises — 3 × 20 reps")

    # The athlete sees the change, does the session and notes discomfort.
    log_in(athlete_page, live_server.url, athlete.username)
    athlete_page.goto(live_server.url + "/routine/")
    expect(athlete_page.get_by_text(re.compile(r"Casey changed this plan on \d+ \w+:"))).to_be_visible()
    expect(athlete_page.get_by_text("Slow calf raises: 3 × 15 reps → 3 × 20 reps", exact=False)).to_be_visible()
    expect(athlete_page.get_by_text("“Your calves are ready for more.”")).to_be_visible()
    no_sideways_scroll(athlete_page)
    athlete_page.get_by_label("Slow calf raises").check()
    athlete_page.get_by_label("Sleep well").check()
    athlete_page.get_by_label("No", exact=True).check()
    athlete_page.get_by_label("Where or what").fill("sharp pain behind the knee")
    athlete_page.get_by_role("button", name="Finish session").click()
    expect(athlete_page.get_by_text("Session saved.")).to_be_visible()

    # The coach reads the note on Alex's page and finds Alex flagged on the dashboard, with why.
    coach_page.reload()
    expect(plan).to_contain_text("Discomfort: “sharp pain behind the knee”")
    expect(plan).to_contain_text("Did it help? No")
    coach_page.get_by_role("link", name="Dashboard").first.click()
    expect(coach_page.get_by_text(re.compile("Needs attention: discomfort after the session on"))).to_be_visible()
    expect(coach_page.get_by_text("“sharp pain behind the knee”", exact=False)).to_be_visible()

    # The coach ends the plan, after confirming and giving a reason; the athlete reads it.
    coach_page.get_by_role("link", name="Alex").click()
    plan.get_by_role("link", name="End plan").click()
    coach_page.get_by_role("button", name="End plan").click()
    expect(coach_page.get_by_text("Say why you are ending the plan")).to_be_visible()
    coach_page.get_by_label("Why end it? The athlete reads this.").fill("Let's get your knee seen first.")
    coach_page.get_by_role("button", name="End plan").click()
    expect(coach_page.get_by_text("Ended Custom routine.")).to_be_visible()
    expect(coach_page.get_by_role("region", name="Past plans")).to_contain_text("“Let's get your knee seen first.”")

    athlete_page.reload()
    expect(athlete_page.get_by_role("heading", name="Custom routine has ended")).to_be_visible()
    expect(athlete_page.get_by_text("“Let's get your knee seen first.”").first).to_be_visible()
    expect(athlete_page.get_by_text("Ask Casey for your next plan", exact=False)).to_be_visible()
    no_sideways_scroll(athlete_page)
