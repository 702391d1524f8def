import os
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
