"""On a phone, an athlete points at a leg on the body map to log a cramp, by touch or by keyboard, and sees the
region shaded on insights."""

import pytest
from playwright.sync_api import expect

from conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
TARGET = 44  # px, the smallest a tap target may be


def assert_big_enough(locator):
    # The element's own rectangle: Playwright's bounding_box() of an SVG shape also takes in its curves' control points.
    for element in locator.all():
        width, height = element.evaluate("e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
        name = element.get_attribute("aria-label") or element.text_content()
        assert width >= TARGET, (name, width, height)
        assert height >= TARGET, (name, width, height)


def assert_no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def picked(quick):
    """The muscle and side the quick log's selects show, as their option labels."""
    return (
        quick.locator("select[name=muscle] option:checked").text_content(),
        quick.locator("select[name=side] option:checked").text_content(),
    )


def test_an_athlete_taps_the_left_calf_logs_it_and_sees_it_on_the_insights_map(phone, live_server, athlete):
    page = phone
    log_in(page, live_server.url, athlete.username)
    expect(page.get_by_role("heading", name="My cramp log")).to_be_visible()
    quick = page.locator("#quick-log")
    regions = quick.locator(".body-region")
    expect(regions).to_have_count(18)
    assert_big_enough(regions)
    assert_big_enough(quick.locator(".severity-scale label"))
    assert_no_sideways_scroll(page)

    left_calf = quick.get_by_role("button", name="Left calf", exact=True)
    right_calf = quick.get_by_role("button", name="Right calf", exact=True)
    left_calf.tap()
    assert picked(quick) == ("Calves", "Left")
    expect(left_calf).to_have_attribute("aria-pressed", "true")
    expect(right_calf).to_have_attribute("aria-pressed", "false")
    expect(quick.get_by_text("Left calf. Both legs? Tap the right one too.")).to_be_visible()

    # The other leg too: both sides; tapped again, that side comes off.
    right_calf.tap()
    assert picked(quick) == ("Calves", "Both")
    expect(quick.get_by_text("Calves, both sides.")).to_be_visible()
    right_calf.tap()
    assert picked(quick) == ("Calves", "Left")
    expect(right_calf).to_have_attribute("aria-pressed", "false")

    # The select moves the map too.
    quick.get_by_label("Where").select_option(label="Hamstrings")
    expect(quick.get_by_role("button", name="Left hamstring")).to_have_attribute("aria-pressed", "true")
    expect(left_calf).to_have_attribute("aria-pressed", "false")
    left_calf.tap()
    assert picked(quick) == ("Calves", "Left")

    page.get_by_label("Severity 6").check()
    page.get_by_role("button", name="Log cramp now").click()
    expect(page.get_by_text("Logged: Calves (left), severity 6")).to_be_visible()
    episode = athlete.episodes.get()
    assert (episode.muscle, episode.side, episode.severity) == ("calves", "left", 6)

    # After the swap the map is folded away, and works when opened.
    quick = page.locator("#quick-log")
    quick.get_by_text("Pick on the body map").click()
    quick.get_by_role("button", name="Right hamstring").tap()
    assert picked(quick) == ("Hamstrings", "Right")
    page.get_by_label("Severity 3").check()
    page.get_by_role("button", name="Log cramp now").click()
    expect(page.get_by_text("Logged: Hamstrings (right), severity 3")).to_be_visible()
    assert athlete.episodes.filter(muscle="hamstrings", side="right").count() == 1

    page.goto(live_server.url + "/insights/")
    where = page.locator("section", has=page.get_by_role("heading", name="Where"))
    expect(where.get_by_role("row", name="Calves Left 1")).to_be_visible()
    expect(where.get_by_role("row", name="Hamstrings Right 1")).to_be_visible()
    expect(where.get_by_role("row")).to_have_count(3)  # the header and the two regions
    expect(where.locator('.body-region[data-muscle="calves"][data-side="left"]')).to_have_class("body-region band-4")
    expect(where.locator('.body-region[data-muscle="calves"][data-side="right"]')).to_have_class("body-region band-0")
    assert_no_sideways_scroll(page)
    page.screenshot(path="test-results/phone-insights-body-map.png", full_page=True)


def test_a_keyboard_picks_a_region_with_tab_and_enter_or_space(phone, live_server, athlete):
    page = phone
    log_in(page, live_server.url, athlete.username)
    quick = page.locator("#quick-log")
    page.get_by_role("link", name="See insights").focus()

    page.keyboard.press("Tab")
    right_abs = quick.get_by_role("button", name="Right abdominals")
    expect(right_abs).to_be_focused()
    page.keyboard.press("Tab")
    left_abs = quick.get_by_role("button", name="Left abdominals")
    expect(left_abs).to_be_focused()
    # The focus shows: a thick dark outline round the region.
    assert left_abs.evaluate("g => getComputedStyle(g.querySelector('path')).strokeWidth") == "3.5px"
    page.keyboard.press("Space")
    assert picked(quick) == ("Abdominals", "Left")
    expect(left_abs).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(quick.get_by_role("button", name="Left quadriceps")).to_be_focused()
    page.keyboard.press("Enter")
    assert picked(quick) == ("Quadriceps", "Left")
    expect(left_abs).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.scrollY") == 0  # Space and Enter pick; they do not scroll the page
