"""The README's pictures: the demo's main pages on a phone (390×844), first screen only, as small PNGs.

They go to test-results/readme/; to refresh the ones README.md shows, run

    CRAMPS_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest -p no:xdist -m browser \\
        cramps/tests/test_browser_readme_screenshots.py
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from athletes import demo
from athletes.models import User
from conftest import enter_code
from twofactor import devices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_BYTES = 150_000


def phone_page(browser, base_url, username):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, reduced_motion="reduce"
    )  # reduced motion: a scroll happens at once, not smoothly while the picture is taken
    page = context.new_page()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    if "/accounts/two-factor/" in page.url:  # the demo coach's code, the one `make demo-code` prints
        enter_code(page, devices.authenticator_of(User.objects.get(username=username)))
    return page


def shoot(page, folder, name):
    """The first screen, in 128 colours (enough for these flat pages, and a quarter of the bytes)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
    path = folder / name
    page.screenshot(path=path)
    Image.open(path).convert("RGB").quantize(colors=128).save(path, optimize=True)
    assert path.stat().st_size < MAX_BYTES, f"{name}: {path.stat().st_size} bytes"


def test_the_readme_screenshots_show_the_demos_main_pages(browser, live_server):
    call_command("load_library", verbosity=0)
    demo.seed()
    folder = Path(os.environ.get("CRAMPS_SCREENSHOTS") or "test-results/readme")
    folder.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    page = phone_page(browser, base, "athlete")
    page.goto(base + "/log/")
    shoot(page, folder, "quick-log.png")
    page.goto(base + "/insights/")
    page.locator("#where-heading").evaluate("heading => heading.scrollIntoView()")
    shoot(page, folder, "insights-body-map.png")
    page.goto(base + "/routine/")
    shoot(page, folder, "routine-session.png")
    page.context.close()

    page = phone_page(browser, base, "coach")
    page.goto(base + "/coach/")
    shoot(page, folder, "coach-dashboard.png")
    athlete = User.objects.get(username="athlete")
    page.goto(f"{base}/coach/athletes/{athlete.pk}/report/")
    shoot(page, folder, "report.png")
    page.context.close()
