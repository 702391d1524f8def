"""The installable app: the manifest, the service worker at the site root, what it keeps, and log-out clearing it."""

import json
import re
import uuid
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from athletes.models import CrampEpisode
from athletes.tests.factories import make_episode
from conftest import PASSWORD
from cramps import offline

pytestmark = pytest.mark.django_db

CONFIG = re.compile(r"^self\.CRAMPS = (\{.*?\});\n", re.DOTALL)


def worker_config(response):
    match = CONFIG.match(response.content.decode())
    assert match, "the service worker starts with its settings"
    return json.loads(match.group(1))


def csp_directives(response):
    return {part.strip() for part in response.headers["Content-Security-Policy"].split(";")}


# The service worker ---------------------------------------------------------------------------------------


def test_the_service_worker_is_served_from_the_site_root_as_javascript_never_cached_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response.headers["Cache-Control"]
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert reverse("service-worker") == "/sw.js"


def test_the_service_worker_is_its_settings_then_the_static_file(client):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert body.endswith(Path(finders.find("js/sw.js")).read_text(encoding="utf-8"))
    config = worker_config(response)
    assert config["shell"] == [static(name) for name in offline.SHELL] + ["/jsi18n/en.js", "/jsi18n/es.js"]
    assert config["queue"] == static("js/offline_queue.js")
    assert config["login"] == reverse("login")


def test_the_service_worker_keeps_the_forms_to_log_from_and_never_history_or_insights(client):
    config = worker_config(client.get("/sw.js"))
    assert config["pages"] == [reverse("athletes:quick-log"), reverse("athletes:checkin")]
    assert config["fallback"] == reverse("athletes:quick-log")
    for private in ("athletes:episode-list", "athletes:insights", "athletes:report", "athletes:routine"):
        assert reverse(private) not in config["pages"]


def test_the_scripts_translations_are_read_from_the_network_first_so_a_new_translation_reaches_the_phone(client):
    config = worker_config(client.get("/sw.js"))
    catalogues = [reverse("javascript-catalog", args=[code]) for code in ("en", "es")]
    assert config["fresh"] == catalogues
    assert set(catalogues) <= set(config["shell"]), "still kept, for offline"
    worker = Path(finders.find("js/sw.js")).read_text(encoding="utf-8")
    handler = worker[worker.index('self.addEventListener("fetch"') :]
    assert "isFresh(url)" in handler
    assert handler.index("isFresh(url)") < handler.index("isStatic(url)"), "before the cache-first shell"


def test_a_page_is_kept_under_its_exact_address_never_one_with_a_query_string():
    worker = Path(finders.find("js/sw.js")).read_text(encoding="utf-8")
    navigate = worker[worker.index("function navigate(") :]
    assert re.search(r"var kept = CONFIG\.pages\.indexOf\(url\.pathname\) !== -1 && !url\.search;", navigate)


def test_an_athletes_pages_say_whose_kept_items_they_may_send(athlete_client, athlete):
    page = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert f'data-user="{athlete.pk}"' in page


def test_a_new_static_file_gives_a_new_service_worker_version(client, settings):
    before = worker_config(client.get("/sw.js"))["version"]
    settings.STATIC_URL = "/assets/"
    after = worker_config(client.get("/sw.js"))
    assert after["shell"][0].startswith("/assets/")
    assert after["version"] != before


def test_every_file_of_the_app_shell_exists():
    missing = [name for name in offline.SHELL if not finders.find(name)]
    assert not missing


def test_the_app_shell_holds_every_script_and_stylesheet_of_the_quick_log_page(athlete_client):
    page = athlete_client.get(reverse("athletes:quick-log")).content.decode()
    used = set(re.findall(r'<script src="([^"]+)"', page)) | set(
        re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    )
    assert len(used) >= 6
    assert used <= set(offline.shell_urls())


def test_the_service_worker_answers_a_post_with_405(client):
    assert client.post("/sw.js").status_code == 405


# The manifest ---------------------------------------------------------------------------------------------


def test_the_manifest_makes_the_site_installable(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert (data["name"], data["short_name"]) == ("Cramps", "Cramps")
    assert data["scope"] == "/"
    assert data["start_url"] == reverse("home")
    assert data["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"])
    purposes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_each_icon_is_a_png_of_the_size_the_manifest_says(client):
    for icon in client.get(reverse("manifest")).json()["icons"]:
        name = icon["src"].removeprefix(static(""))
        with Image.open(BytesIO(Path(finders.find(name)).read_bytes())) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_the_manifest(client, athlete, signed_in):
    if signed_in:
        client.force_login(athlete)
    response = client.get(reverse("athletes:episode-list") if signed_in else reverse("home"))
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in response.content.decode()


# The Content-Security-Policy -----------------------------------------------------------------------------


def test_the_policy_lets_the_site_run_its_own_service_worker_and_manifest_only(athlete_client):
    directives = csp_directives(athlete_client.get(reverse("athletes:episode-list")))
    assert {"worker-src 'self'", "manifest-src 'self'", "script-src 'self'"} <= directives


def test_the_service_worker_runs_under_the_strict_policy_too(client):
    directives = csp_directives(client.get("/sw.js"))
    assert {"script-src 'self'", "connect-src 'self'"} <= directives


def test_the_offline_scripts_load_from_files_not_inline(athlete_client):
    page = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert f'<script src="{static("js/offline.js")}" defer></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "no inline script"
    assert " style=" not in page


# Who gets the offline machinery --------------------------------------------------------------------------


def test_an_athletes_pages_carry_the_offline_words_and_the_quick_log_is_an_offline_form(athlete_client):
    page = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert 'id="offline-texts"' in page
    assert 'data-worker="/sw.js"' in page
    assert re.search(r'<form method="post" action="/log/quick/" data-offline-form', page)
    assert 'name="occurred_at" data-offline-time' in page


def test_a_coach_and_a_visitor_get_no_offline_machinery(client, coach):
    assert 'id="offline-texts"' not in client.get(reverse("home")).content.decode()
    client.force_login(coach)
    page = client.get(reverse("athletes:dashboard")).content.decode()
    assert 'id="offline-texts"' not in page
    assert "offline.js" not in page


# The page kept for offline use ---------------------------------------------------------------------------


def test_the_quick_log_page_shows_the_form_alone_and_no_history(athlete_client, athlete):
    make_episode(athlete, muscle="hamstrings", severity=9, notes="A private note about the match.")
    response = athlete_client.get(reverse("athletes:quick-log"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Log cramp now" in page
    assert "A private note about the match." not in page
    assert 'id="results"' not in page
    assert "no-store" in response.headers["Cache-Control"]


def test_the_quick_log_page_is_for_athletes_only(client, coach):
    url = reverse("athletes:quick-log")
    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(coach)
    assert client.get(url).status_code in (403, 404)


# A log sent late, with the time it was made ---------------------------------------------------------------


def _late_log(client, occurred_at, **data):
    payload = {"muscle": "calves", "severity": "6", "idempotency_key": str(uuid.uuid4()), "occurred_at": occurred_at}
    return client.post(reverse("athletes:quick-log"), {**payload, **data})


def test_a_log_kept_offline_is_saved_at_the_time_it_was_made(athlete_client, athlete):
    made = timezone.now() - timedelta(hours=3, minutes=12)
    response = _late_log(athlete_client, made.isoformat().replace("+00:00", "Z"))
    assert response.status_code == 302
    assert athlete.episodes.get().occurred_at == made


def test_a_log_sent_twice_with_its_key_is_saved_once(athlete_client, athlete):
    key = str(uuid.uuid4())
    made = (timezone.now() - timedelta(hours=1)).isoformat()
    for _ in range(2):
        assert _late_log(athlete_client, made, idempotency_key=key).status_code == 302
    assert athlete.episodes.count() == 1


def test_a_phone_clock_a_little_ahead_is_read_as_now(athlete_client, athlete):
    _late_log(athlete_client, (timezone.now() + timedelta(minutes=4)).isoformat())
    assert athlete.episodes.get().occurred_at <= timezone.now()


@pytest.mark.parametrize(
    ("occurred_at", "message"),
    [
        (lambda now: (now + timedelta(hours=2)).isoformat(), "in the future"),
        (lambda now: (now - timedelta(days=8)).isoformat(), "more than 7 days ago"),
        (lambda now: "yesterday-ish", "Enter a valid date/time"),
        (lambda now: "1850-01-01T10:00:00Z", "between 2000 and 2100"),
    ],
)
def test_a_late_log_with_a_time_out_of_range_says_why_and_saves_nothing(athlete_client, occurred_at, message):
    response = _late_log(athlete_client, occurred_at(timezone.now()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CrampEpisode.objects.exists()


# Log-out --------------------------------------------------------------------------------------------------


def test_logging_out_asks_the_browser_to_forget_what_the_site_kept(athlete_client):
    response = athlete_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in athlete_client.session


def test_a_get_of_the_log_out_page_logs_no_one_out_and_clears_nothing(athlete_client, athlete):
    response = athlete_client.get(reverse("logout"))
    assert response.status_code == 405
    assert "Clear-Site-Data" not in response.headers
    assert athlete_client.session["_auth_user_id"] == str(athlete.pk)


def test_deleting_the_account_also_asks_the_browser_to_forget_what_the_site_kept(athlete_client, athlete):
    wrong = athlete_client.post(reverse("account-delete"), {"password": "not-my-password-1"})
    assert "Clear-Site-Data" not in wrong.headers
    response = athlete_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert not type(athlete).objects.filter(pk=athlete.pk).exists()
