"""On a phone, the plan editor fits in about two screens: each item is one line, opened to change that item
alone, and items are added by searching the library. It works the same without JavaScript, and a plan of
habits only is not asked for sessions a week."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from athletes.models import RoutineAssignment
from conftest import log_in
from library.models import RoutineTemplate

from .coaching import link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOT = Path("docs/screenshots/plan-editor-phone.png")
FIVE_ITEMS = "calf-endurance-and-control"  # a warm-up habit and four exercises, in the library's own words
HABITS_ONLY = "fluids-and-sodium-plan"


def phone_page(browser, *, javascript=True):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript)
    return context.new_page()


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def fits_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def editor_text(page):
    return page.locator("form.plan-editor").inner_text()


@pytest.fixture
def library(db):
    call_command("load_library", verbosity=0)


def test_a_five_item_plan_editor_is_no_taller_than_two_phone_screens(browser, live_server, coach, athlete, library):
    link(coach, athlete)
    assert RoutineTemplate.objects.get(slug=FIVE_ITEMS).items.count() == 5
    page = phone_page(browser)
    log_in(page, live_server.url, coach.username)

    page.goto(f"{live_server.url}/coach/athletes/{athlete.pk}/assign/?template={FIVE_ITEMS}")
    items = page.locator(".plan-editor-item")
    expect(items).to_have_count(5)
    expect(items.first).to_contain_text("Gradual warm-up — 10–15 minutes before each session")
    expect(items.nth(1)).to_contain_text("Slow calf raises — 3 × 15 reps")
    text = editor_text(page)
    for word in ("---------", "RPE", "Order"):
        assert word not in text, word
    height = page_height(page)
    assert height <= 2 * PHONE["height"], height
    assert fits_sideways(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # One item opens alone, with its dose in plain words, and the plan is assigned as changed.
    calf = page.get_by_role("group", name="Slow calf raises")
    calf.get_by_text("Slow calf raises — 3 × 15 reps").click()
    expect(calf.get_by_label("Reps")).to_be_visible()
    expect(calf.get_by_label("Position")).to_have_value("2")
    expect(page.get_by_role("group", name="Single-leg calf raises").get_by_label("Reps")).to_be_hidden()
    calf.get_by_label("Reps").fill("12")
    page.get_by_role("button", name="Assign routine").click()
    expect(page.get_by_text("Assigned Calf endurance and control to Alex")).to_be_visible()
    plan = RoutineAssignment.objects.get(athlete=athlete, is_active=True)
    assert [item.reps for item in plan.items.order_by("position") if item.exercise_id][0] == 12
    assert plan.items.count() == 5

    # The change editor is the same, with a message for the athlete: two screens at most as well.
    page.goto(f"{live_server.url}/coach/athletes/{athlete.pk}/routine/edit/")
    expect(page.locator(".plan-editor-item")).to_have_count(5)
    height = page_height(page)
    assert height <= 2 * PHONE["height"], height


def test_an_item_is_added_by_searching_the_library(browser, live_server, coach, athlete, library):
    link(coach, athlete)
    page = phone_page(browser)
    log_in(page, live_server.url, coach.username)
    page.goto(f"{live_server.url}/coach/athletes/{athlete.pk}/assign/?template={FIVE_ITEMS}")

    # Some words of a name list the items that hold them; one tap adds it, nothing saved yet.
    page.get_by_label("Add an exercise or habit").fill("sleep")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name="Enough sleep (habit)").click()
    sleep = page.get_by_role("group", name="Enough sleep")
    expect(sleep.get_by_label("Dose")).to_be_visible()  # a new habit opens, for its dose
    assert not RoutineAssignment.objects.exists()

    # Saving without a dose says what is missing, beside the habit.
    page.get_by_role("button", name="Assign routine").click()
    expect(sleep.get_by_text("Give the habit a dose")).to_be_visible()
    sleep.get_by_label("Dose").fill("8 hours in bed")
    # A whole name adds the item straight away, an exercise at the library's dose.
    page.get_by_label("Add an exercise or habit").fill("Hamstring bridges")
    page.get_by_label("Add an exercise or habit").press("Enter")
    expect(page.locator(".plan-editor-item")).to_have_count(7)
    expect(page.get_by_role("group", name="Hamstring bridges")).to_contain_text("Hamstring bridges — ")
    page.get_by_role("button", name="Assign routine").click()
    expect(page.get_by_text("Assigned Calf endurance and control to Alex")).to_be_visible()
    names = [item.name for item in RoutineAssignment.objects.get(athlete=athlete).items.order_by("position")]
    assert names[-2:] == ["Enough sleep", "Hamstring bridges"]


def test_the_editor_works_without_javascript(browser, live_server, coach, athlete, library):
    link(coach, athlete)
    page = phone_page(browser, javascript=False)
    log_in(page, live_server.url, coach.username)
    page.goto(f"{live_server.url}/coach/athletes/{athlete.pk}/assign/?template={FIVE_ITEMS}")

    warm_up = page.get_by_role("group", name="Gradual warm-up")
    warm_up.get_by_text("Gradual warm-up").click()
    warm_up.get_by_label("Remove from the plan").check()
    page.get_by_label("Add an exercise or habit").fill("Hamstring bridges")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".plan-editor-item")).to_have_count(6)
    expect(page.get_by_role("group", name="Gradual warm-up")).to_contain_text("to be removed")
    page.get_by_role("button", name="Assign routine").click()
    expect(page.get_by_text("Assigned Calf endurance and control to Alex")).to_be_visible()
    plan = RoutineAssignment.objects.get(athlete=athlete)
    assert [item.name for item in plan.items.order_by("position")] == [
        "Slow calf raises",
        "Single-leg calf raises",
        "Tibialis raises",
        "Long-hold stretching",
        "Hamstring bridges",
    ]


def test_a_plan_of_habits_only_is_not_asked_for_sessions_a_week(browser, live_server, coach, athlete, library):
    link(coach, athlete)
    page = phone_page(browser)
    log_in(page, live_server.url, coach.username)
    page.goto(f"{live_server.url}/coach/athletes/{athlete.pk}/assign/?template={HABITS_ONLY}")
    expect(page.get_by_text("Habits only: they are counted by the day")).to_be_visible()
    expect(page.get_by_label("Sessions per week")).to_have_count(0)
    page.get_by_role("button", name="Assign routine").click()
    expect(page.get_by_text("Assigned Fluids and sodium plan to Alex")).to_be_visible()
    plan_card = page.get_by_role("region", name="Active plan")
    expect(plan_card).to_contain_text("Habits, counted by the day, for 4 weeks")
    expect(plan_card).not_to_contain_text("sessions a week")

    # Adding an exercise brings sessions a week back, and then they are needed.
    plan_card.get_by_role("link", name="Change plan").click()
    page.get_by_label("Add an exercise or habit").fill("Slow calf raises")
    page.get_by_label("Add an exercise or habit").press("Enter")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Say how many sessions a week the exercises take")).to_be_visible()
    page.get_by_label("Sessions per week").fill("3")
    page.get_by_role("button", name="Save changes").click()
    expect(plan_card).to_contain_text("3 sessions a week")
