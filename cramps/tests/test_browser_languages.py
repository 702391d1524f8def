"""On a phone, a visitor switches the site to Spanish from the footer, and a Spanish-speaking athlete reads
their log, the body map's words (from the scripts' catalogue) and their profile in Spanish."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-results/languages")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_a_visitor_switches_the_log_in_page_to_spanish_from_the_footer(phone, live_server):
    page = phone
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_label("Password")).to_be_visible()
    page.get_by_label("Language").select_option(label="Español")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_label("Contraseña")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Idioma")).to_have_value("es")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "login-es")


def test_a_spanish_athlete_reads_the_log_the_body_map_and_the_profile_in_spanish(phone, live_server, athlete):
    athlete.language = "es"
    athlete.save(update_fields=["language"])
    page = phone
    log_in(page, live_server.url, athlete.username)
    quick = page.locator("#quick-log")
    expect(quick.get_by_label("Dónde")).to_be_visible()
    shot(page, "log-es")
    page.goto(live_server.url + "/log/new/")
    page.locator("#main").get_by_role("button", name="Gemelo izquierdo").click()
    expect(page.get_by_text("Gemelo izquierdo. ¿Las dos piernas? Toca también la derecha.")).to_be_visible()
    page.goto(live_server.url + "/accounts/profile/")
    expect(page.get_by_label("Idioma")).to_have_value("es")
    expect(page.get_by_label("Zona horaria")).to_be_visible()
    shot(page, "profile-es")
    page.get_by_label("Idioma").select_option(label="English")
    page.locator("#main form button[type=submit]").click()  # its words are the template's (Spanish once marked)
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")
