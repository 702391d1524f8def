"""Backups: one restored into a fresh database holds the same rows as the database it came from."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cramps import backups

from .contents import database_contents
from .world import build_world

# Prints database_contents() for the database DATABASE_URL names.
CONTENTS = (
    "import django, json; django.setup(); "
    "from cramps.tests.contents import database_contents; print(json.dumps(database_contents()))"
)
# What a backup must hold rows of, for the comparison to mean something.
MUST_HOLD = [
    "athletes.User",
    "athletes.AthleteProfile",
    "athletes.CrampEpisode",
    "athletes.CoachLink",
    "athletes.CoachInvite",
    "athletes.RoutineAssignment",
    "athletes.AssignedItem",
    "athletes.RoutineSession",
    "athletes.PlanChange",
    "athletes.FlagAcknowledgement",
    "library.Cause",
    "library.Exercise",
    "library.Strategy",
    "library.RoutineTemplate",
    "library.ExerciseClaim",
    "auth.Group",
    "admin.LogEntry",
]


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def contents(database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-c", CONTENTS], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def contents_here():
    """The same, read in this process, whose database may hold a test's uncommitted rows."""
    return json.loads(json.dumps(database_contents()))


@pytest.mark.django_db
def test_a_backup_restored_into_a_fresh_database_holds_the_same_rows(tmp_path):
    build_world()
    path = backups.backup(directory=tmp_path, json=True)
    assert re.fullmatch(r"cramps-\d{8}-\d{6}\.json\.gz", path.name)
    expected = contents_here()
    assert all(expected["counts"][label] > 0 for label in MUST_HOLD), expected["counts"]

    url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restored = manage(url, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert contents(url) == expected

    again = manage(url, "restore", str(path))
    assert again.returncode != 0
    assert "already holds data" in again.stderr
    forced = manage(url, "restore", str(path), "--force")
    assert forced.returncode == 0, forced.stderr
    assert contents(url) == expected


@pytest.mark.django_db
def test_a_backup_and_its_folder_are_the_owners_alone(tmp_path, athlete):
    folder = tmp_path / "backups"
    path = backups.backup(directory=folder, json=True)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o077 == 0  # health data: no one else on the machine reads it


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(tmp_path, athlete):
    path = backups.backup(directory=tmp_path, json=True)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(path))


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")
    with pytest.raises(CommandError, match="not a Cramps backup"):
        backups.restore(other)
    with pytest.raises(CommandError, match="No backup file"):
        backups.restore(tmp_path / "missing.json.gz")


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"), reason="PostgreSQL and pg_dump only"
)
@pytest.mark.django_db(transaction=True)
def test_a_postgres_backup_restores_into_a_new_database(tmp_path):
    build_world()
    path = backups.backup(directory=tmp_path)
    assert path.suffix == ".dump"
    expected = contents_here()
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
        restored = manage(url, "restore", str(path))
        assert restored.returncode == 0, restored.stderr
        assert contents(url) == expected
        assert "already holds data" in manage(url, "restore", str(path)).stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
