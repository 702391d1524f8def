"""On a phone: an endurance athlete without a coach signs up, logs sweaty cramps in the heat, starts the plan
Cramps suggests, and ticks off and finishes the first session."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from athletes.forms import HABITS_ONLY_SESSIONS_PER_WEEK
from athletes.models import AthleteProfile, RoutineAssignment, RoutineSession
from conftest import log_a_sweaty_cramp, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_menu_item(page, name):
    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def test_a_self_coached_athlete_signs_up_starts_the_suggested_plan_and_finishes_a_session(phone, live_server):
    call_command("load_library", verbosity=0)
    page = phone

    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Username").fill("rui")
    page.get_by_label("Your name").fill("Rui")
    page.get_by_label("Email").fill("rui@example.com")
    page.get_by_label("Athlete", exact=True).check()
    expect(page.get_by_text("Long sessions: running, cycling, swimming, rowing or triathlon.")).to_be_visible()
    page.get_by_label("Endurance").check()
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("hamstring-bridge-42")
    page.get_by_label("Password confirmation").fill("hamstring-bridge-42")
    assert fits_the_phone(page)
    page.screenshot(path="test-results/phone-signup-athlete-type.png", full_page=True)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome to Cramps, Rui.")).to_be_visible()
    assert AthleteProfile.objects.get(user__username="rui").athlete_type == "endurance"

    for severity in (6, 7, 5):
        log_a_sweaty_cramp(page, severity)

    open_menu_item(page, "Routine")
    expect(page.get_by_text("you can start a plan yourself")).to_be_visible()
    top = page.get_by_role("region", name="Plans for your cramps").get_by_role("article").first
    expect(top).to_contain_text("behind 3 of your 3 episodes")
    expect(top).to_contain_text("Worth trying")
    plan_name = top.get_by_role("heading").get_by_role("link").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path="test-results/phone-self-coached-suggestions.png", full_page=True)

    top.get_by_role("link", name=re.compile("^Start this plan")).click()
    expect(page.get_by_role("heading", name=f"Start {plan_name}")).to_be_visible()
    # The plan is habits only (fluids and sodium): counted by the day, with no sessions a week to set.
    expect(page.get_by_text("Habits only: they are counted by the day")).to_be_visible()
    expect(page.get_by_label("Sessions per week")).to_have_count(0)
    page.get_by_label("Weeks").fill("6")
    assert fits_the_phone(page)
    page.screenshot(path="test-results/phone-self-coached-editor.png")
    page.get_by_role("button", name="Start this plan").click()

    expect(page.get_by_text(f"Started {plan_name}.")).to_be_visible()
    expect(page.get_by_role("heading", name=plan_name, exact=True)).to_be_visible()
    expect(page.get_by_text("Habits, counted by the day, for 6 weeks")).to_be_visible()
    session = page.get_by_role("button", name="Finish session").locator("xpath=ancestor::form")
    for box in session.get_by_role("checkbox").all()[:2]:
        box.check()
    page.get_by_label("Yes", exact=True).check()
    assert fits_the_phone(page)
    page.get_by_role("button", name="Finish session").click()
    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    expect(page.get_by_role("heading", name="Today's session Done")).to_be_visible()
    page.screenshot(path="test-results/phone-self-coached-session-done.png", full_page=True)

    plan = RoutineAssignment.objects.get(athlete__username="rui", is_active=True)
    assert (plan.coach, plan.weeks, plan.sessions_per_week) == (None, 6, HABITS_ONLY_SESSIONS_PER_WEEK)
    assert not any(item.exercise_id for item in plan.items.all())
    assert RoutineSession.objects.get(assignment=plan).completed_items.count() == 2
