"""By keyboard alone: an athlete quick-logs a cramp and ticks off and finishes a plan session, seeing where the
focus is all the way; a screen reader hears what the quick log and a comment did."""

import pytest
from playwright.sync_api import expect

from athletes.models import CrampEpisode, RoutineSession
from conftest import log_in
from library.tests.factories import make_exercise, make_strategy

from .coaching import assign, link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element's name as a screen reader would give it, near enough: its aria-label, its label's, or its text.
FOCUSED_NAME = """() => {
  const element = document.activeElement;
  const label = element.labels && element.labels[0];
  return (element.getAttribute('aria-label') || (label && (label.getAttribute('aria-label') || label.innerText))
          || element.innerText || '').replace(/\\s+/g, ' ').trim();
}"""
# Whether a focused link or button shows it: an outline or a focus ring drawn as a box shadow.
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element.matches('a, button')) return true;
  const style = getComputedStyle(element);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
}"""


def tab_to(page, name, *, limit=80):
    """Press Tab until the focus is on `name` (the start of its name); every link and button passed on the way
    must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_NAME)
        assert page.evaluate(FOCUS_SHOWN), f"No visible focus on {focused!r}"
        if focused.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_an_athlete_quick_logs_a_cramp_by_keyboard(page, live_server, athlete):
    log_in(page, live_server.url, athlete.username)
    page.goto(live_server.url + "/log/")

    tab_to(page, "Left calf")  # a region of the body map
    page.keyboard.press("Enter")
    expect(page.get_by_label("Where")).to_have_value("calves")
    tab_to(page, "Severity 1")
    for _ in range(6):
        page.keyboard.press("ArrowRight")  # arrows move along the scale and pick
    expect(page.get_by_label("Severity 7")).to_be_checked()
    tab_to(page, "Log cramp now")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Logged: Calves (left), severity 7")).to_be_visible()
    expect(page.locator("#quick-log-saved")).to_be_focused()  # not the page's body: the button went with the swap
    episode = CrampEpisode.objects.get(athlete=athlete)
    assert (episode.muscle, episode.side, episode.severity) == ("calves", "left", 7)
    # The result is read out from a live region that was in the page before the swap.
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text("Your cramp is in the log: Calves, severity 7.")


def test_an_athlete_ticks_off_and_finishes_a_session_by_keyboard_and_comments(page, live_server, athlete, coach):
    link(coach, athlete)
    raises = make_exercise(name="Slow calf raises", sets=2, reps=10)
    salt = make_strategy(name="Salt with the pre-session drink")
    assign(coach, athlete, [raises], habits=[salt])
    log_in(page, live_server.url, athlete.username)
    page.goto(live_server.url + "/routine/")

    tab_to(page, "1. Slow calf raises")
    page.keyboard.press("Space")
    tab_to(page, "Salt with the pre-session drink")
    page.keyboard.press("Space")
    tab_to(page, "Yes")
    page.keyboard.press("Space")
    tab_to(page, "Finish session")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    session = RoutineSession.objects.get(assignment__athlete=athlete)
    assert session.helped == "yes"
    assert {item.name for item in session.completed_items.all()} == {"Slow calf raises", salt.name}

    # A comment on the session, posted by keyboard, is announced too.
    tab_to(page, "Add a comment on")
    page.keyboard.type("Calves felt fine.")
    tab_to(page, "Post comment")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Calves felt fine.")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Your comment is posted.")


def test_after_a_quick_log_by_keyboard_the_focus_is_on_the_confirmation(page, live_server, athlete):
    """The Log button goes with the swapped panel: the focus moves to the confirmation, not to the page's body."""
    log_in(page, live_server.url, athlete.username)
    page.goto(live_server.url + "/log/")

    tab_to(page, "Right calf")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Where")).to_have_value("calves")
    tab_to(page, "Severity 1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Severity 4")).to_be_checked()
    page.keyboard.press("Enter")  # submits the form from the scale, without going on to its button

    confirmation = page.locator("#quick-log-saved")
    expect(confirmation).to_be_focused()
    assert page.evaluate("() => document.activeElement.id") == "quick-log-saved"
    assert page.evaluate(FOCUSED_NAME).startswith("Logged: Calves (right), severity 4")
    assert CrampEpisode.objects.filter(athlete=athlete, side="right", severity=4).exists()
    # From there the next control is the one that goes on: Add details.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Add details"
