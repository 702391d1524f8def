"""Every main page, signed out and as each kind of member, passes axe-core with no serious or critical
violation and fits a phone (390×844) and a laptop (1280×800) without scrolling sideways.

Each page is saved as a screenshot at both sizes in test-results/pages/; on the athlete's log and routine
pages at phone size, every button and menu link must be at least 44 × 44 px.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from athletes.reminder_email import unsubscribe_token
from conftest import log_in, open_menu

from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES_DIR = Path("test-results/pages")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
SERIOUS = {"serious", "critical"}
TAP_TARGET = 44  # px, each way

# Left out of the admin pages' check, and nothing else: the autocomplete boxes Django's admin draws with
# its own copy of Select2. Select2 names its combobox after the chosen option (none when empty) and gives
# its search box no label, the real <select> underneath keeps its label; we don't patch Django's widget.
ADMIN_EXCLUDED = [".select2-container"]


def run_axe(page, *, exclude=()):
    """axe-core's violations on the page as it is; the script is evaluated through the browser's DevTools
    protocol, which the site's Content-Security-Policy (script-src 'self') does not apply to."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        """exclude => axe.run({include: [document], exclude: exclude.map(selector => [selector])},
                              {resultTypes: ['violations']}).then(result => result.violations)""",
        list(exclude),
    )


def serious_violations(page, **kwargs):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in run_axe(page, **kwargs)
        if v["impact"] in SERIOUS
    ]


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def small_tap_targets(page):
    """Buttons and menu links on show (the menu opened first) smaller than TAP_TARGET px either way."""
    open_menu(page)
    return page.evaluate(
        """size => [...document.querySelectorAll('.btn, .nav-link, .navbar-toggler')]
            .filter(element => element.checkVisibility())
            .map(element => [element, element.getBoundingClientRect()])
            .filter(([element, box]) => box.width < size || box.height < size)
            .map(([element, box]) => `"${element.textContent.trim() || element.getAttribute('aria-label')}" `
                                     + `${Math.round(box.width)}×${Math.round(box.height)} px`)""",
        TAP_TARGET,
    )


def check_pages(page, base_url, role, paths, *, admin=False, tap_targets=()):
    """Open each page at the laptop size (axe, overflow, screenshot), then at the phone size (overflow,
    screenshot, and tap target sizes on the pages named in `tap_targets`); returns every problem found,
    one line each."""
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, path in paths:
        for size_name, size in (("laptop", LAPTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            response = page.goto(base_url + path)
            assert response.ok, f"{path}: {response.status}"
            page.screenshot(path=PAGES_DIR / f"{role}-{name}-{size_name}.png", full_page=True)
            if (extra := overflow(page)) > 0:
                problems.append(f"{role} {path} at {size['width']} px: {extra} px wider than the screen")
            if size_name == "phone" and name in tap_targets:
                problems += [f"{role} {path}: tap target {small}" for small in small_tap_targets(page)]
            if size_name == "laptop":
                excluded = ADMIN_EXCLUDED if admin else ()
                problems += [f"{role} {path}: {v}" for v in serious_violations(page, exclude=excluded)]
    return problems


@pytest.fixture
def world(db):
    return build_world()


def test_every_main_page_is_accessible_and_fits_a_phone_and_a_laptop(browser, live_server, world):
    base = live_server.url
    athlete, coach, editor = world.athlete, world.coach, world.editor
    problems = []

    context = browser.new_context()
    page = context.new_page()
    problems += check_pages(
        page,
        base,
        "anonymous",
        [
            ("home", "/"),
            ("log-in", "/accounts/login/"),
            ("sign-up", "/accounts/signup/"),
            ("password-reset", "/accounts/password_reset/"),
            (
                "reminder-stopped",
                reverse("athletes:reminder-unsubscribe", args=[unsubscribe_token(athlete, "checkin")]),
            ),
        ],
    )
    context.close()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, athlete.username)
    problems += check_pages(
        page,
        base,
        "athlete",
        [
            ("log", "/log/"),
            ("quick-log", "/log/quick/"),
            ("checkin", "/checkin/"),
            ("new-episode", "/log/new/"),
            ("episode", f"/log/{world.episode.pk}/"),
            ("insights", "/insights/"),
            ("routine", "/routine/"),
            ("calendar", "/routine/calendar/"),
            ("coaches", "/coaches/"),
            ("join", "/join/"),
            ("profile", "/accounts/profile/"),
            ("export", "/accounts/profile/export/"),
            ("delete-account", "/accounts/profile/delete/"),
            ("report", "/report/"),
            ("report-links", "/report/links/"),
            ("library", "/library/"),
            ("exercises", "/library/exercises/"),
            ("exercise", f"/library/exercises/{world.exercise.slug}/"),
            ("cause", f"/library/causes/{world.cause.slug}/"),
            ("strategies", "/library/strategies/"),
            ("routines", "/library/routines/"),
            ("routine-template", f"/library/routines/{world.template.slug}/"),
        ],
        tap_targets=["log", "quick-log", "routine", "checkin"],
    )
    context.close()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, coach.username)
    other = f"/coach/athletes/{athlete.pk}"
    problems += check_pages(
        page,
        base,
        "coach",
        [
            ("dashboard", "/coach/"),
            ("invites", "/coach/invites/"),
            ("athlete", f"{other}/"),
            ("assign", f"{other}/assign/"),
            ("change-plan", f"{other}/routine/edit/"),
            ("end-plan", f"{other}/routine/end/"),
            ("report", f"{other}/report/"),
        ],
    )
    context.close()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, editor.username)
    problems += check_pages(
        page,
        base,
        "editor",
        [
            ("admin", "/admin/"),
            ("exercises", "/admin/library/exercise/"),
            ("exercise", f"/admin/library/exercise/{world.exercise.pk}/change/"),
            ("plan", f"/admin/library/routinetemplate/{world.template.pk}/change/"),
        ],
        admin=True,
    )
    context.close()

    assert not problems, "\n".join(problems)
