import ast
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from athletes.tests.factories import make_episode
from cramps.settings import BASE_DIR

PRINT_SETTINGS = "import cramps.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"


def _load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_in_production():
    result = _load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_in_debug_mode_without_a_secret_key():
    result = _load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_it_switches_to_postgresql_with_database_url():
    result = _load_settings(SECRET_KEY="x" * 50, DATABASE_URL="postgres://u:p@localhost:5432/cramps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_sqlite_is_tuned_for_concurrent_writers(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite tuning applies to SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_times_follow_the_users_own_time_zone_not_the_browsers_cookie(athlete_client, athlete):
    athlete.time_zone = "Australia/Sydney"
    athlete.save()
    episode = make_episode(athlete)
    episode.occurred_at = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    episode.save()
    assert "Sat 21 Nov, 10:30" in athlete_client.get(reverse("athletes:episode-list")).content.decode()
    athlete_client.cookies["tz"] = "America/New_York"
    assert "Sat 21 Nov, 10:30" in athlete_client.get(reverse("athletes:episode-list")).content.decode()


# Email and links in email, read from the environment.
EMAIL_AND_SITE = {"SITE_URL", "ALLOWED_HOSTS", "HTTPS", "EMAIL_USE_TLS", "EMAIL_USE_SSL"}


def _setting(expression, **env):
    """Evaluate `expression` on a freshly imported settings module under exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", *EMAIL_AND_SITE} and not k.startswith("EMAIL_")
    }
    clean.update({"SECRET_KEY": "x" * 50, **env})
    return subprocess.run(
        [sys.executable, "-c", f"import cramps.settings as s; print(repr({expression}))"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_smtp_settings_come_from_the_environment():
    result = _setting(
        "(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,"
        " s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL)",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="cramps",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="Cramps <team@example.com>",
        ALLOWED_HOSTS="cramps.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == (
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        587,
        "cramps",
        "s3cret",
        True,
        False,
        "Cramps <team@example.com>",
    )


def test_it_refuses_tls_and_ssl_together():
    result = _setting("s.EMAIL_USE_TLS", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1", ALLOWED_HOSTS="cramps.example.com")
    assert result.returncode != 0
    assert "not both" in result.stderr


def test_links_in_email_use_site_url():
    result = _setting("s.SITE_URL", SITE_URL="https://cramps.example.com/", ALLOWED_HOSTS="cramps.example.com")
    assert result.stdout.strip() == "'https://cramps.example.com'"


def test_without_site_url_links_use_the_first_allowed_host_over_https():
    result = _setting("s.SITE_URL", ALLOWED_HOSTS="cramps.example.com,www.cramps.example.com")
    assert result.stdout.strip() == "'https://cramps.example.com'"


def test_without_site_url_a_plain_http_trial_links_over_http():
    result = _setting("s.SITE_URL", ALLOWED_HOSTS="localhost", HTTPS="0")
    assert result.stdout.strip() == "'http://localhost'"


def test_development_links_point_to_the_development_server():
    result = _setting("s.SITE_URL", DJANGO_DEBUG="1")
    assert result.stdout.strip() == "'http://127.0.0.1:8000'"


def test_development_links_follow_a_site_url_given_explicitly():
    result = _setting("s.SITE_URL", DJANGO_DEBUG="1", SITE_URL="http://127.0.0.1:8301")
    assert result.stdout.strip() == "'http://127.0.0.1:8301'"


def _make_run(tmp_path, *args, **env):
    """`make run` with manage.py replaced by a script that writes down each command it is given and the SITE_URL
    it sees (the prerequisites that install and compile are taken as done): {command: SITE_URL}. The server
    waits for the worker beside it to have written, as `make run` stops the worker once the server stops."""
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".installed-runtime").touch()
    log = tmp_path / "commands.log"
    manage = tmp_path / "manage"
    manage.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = runserver ]; then\n'
        '  for i in $(seq 100); do grep -qs db_worker "$COMMANDS_LOG" && break; sleep 0.1; done\n'
        "fi\n"
        'echo "$SITE_URL $*" >> "$COMMANDS_LOG"\n'
    )
    manage.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "MAKEFLAGS", "MAKELEVEL"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", f"{venv}/.installed-runtime", "-o", "pango", "-o", "messages"]
        + ["run", f"VENV={venv}", f"MANAGE={manage}", *args],
        cwd=BASE_DIR,
        env={**clean, "COMMANDS_LOG": str(log), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split(" ", 1) for line in log.read_text().splitlines()]
    return {command: site_url for site_url, command in lines}


def test_make_run_serves_on_port_8000_and_links_to_it(tmp_path):
    commands = _make_run(tmp_path)
    assert commands["runserver 127.0.0.1:8000"] == "http://127.0.0.1:8000"
    assert commands["db_worker --no-reload"] == "http://127.0.0.1:8000"


def test_make_run_on_another_port_links_to_that_port_from_the_server_and_the_worker(tmp_path):
    commands = _make_run(tmp_path, "PORT=8301")
    assert commands["runserver 127.0.0.1:8301"] == "http://127.0.0.1:8301"
    assert commands["db_worker --no-reload"] == "http://127.0.0.1:8301"  # the worker sends the email


def test_make_run_keeps_a_site_url_set_in_the_environment(tmp_path):
    commands = _make_run(tmp_path, "PORT=8301", SITE_URL="https://cramps.example.com")
    assert commands["runserver 127.0.0.1:8301"] == "https://cramps.example.com"
    assert commands["db_worker --no-reload"] == "https://cramps.example.com"


@pytest.mark.parametrize("hosts", ["*", ".example.com"])
def test_it_refuses_to_start_when_no_site_url_can_be_worked_out(hosts):
    result = _setting("s.SITE_URL", ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_it_refuses_a_site_url_without_a_scheme():
    result = _setting("s.SITE_URL", SITE_URL="cramps.example.com", ALLOWED_HOSTS="cramps.example.com")
    assert result.returncode != 0
    assert "SITE_URL must start with" in result.stderr


def test_an_invite_lasts_48_hours_unless_the_environment_says_otherwise():
    assert _setting("s.INVITE_LIFETIME_HOURS", ALLOWED_HOSTS="cramps.example.com").stdout.strip() == "48"
    result = _setting("s.INVITE_LIFETIME_HOURS", INVITE_LIFETIME_HOURS="12", ALLOWED_HOSTS="cramps.example.com")
    assert result.stdout.strip() == "12"
