"""The health check checks the database, and pages say plainly when the database is down."""

import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, ProgrammingError, connection
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


SERVER_GONE = OperationalError("could not connect to server")


def database_down(error=SERVER_GONE):
    """Every query on the default connection fails as it does when the database server is gone."""
    return mock.patch.object(connection, "cursor", side_effect=error)


def test_the_health_check_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_answers_503_when_the_database_is_down(client, caplog):
    with database_down(), caplog.at_level(logging.ERROR):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"database unavailable"
    assert "no-store" in response["Cache-Control"]
    assert "could not connect to server" in caplog.text


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection"),
        InterfaceError("closed"),
        DatabaseError("file is not a database"),  # a corrupt SQLite file
        OperationalError("no such table: athletes_user"),  # an empty file in its place
        ProgrammingError('relation "athletes_user" does not exist'),  # PostgreSQL without its tables
    ],
)
def test_a_page_says_the_service_is_unavailable_when_the_database_is_down(athlete, error):
    client = Client(raise_request_exception=False)
    client.force_login(athlete)
    with database_down(error):
        response = client.get(reverse("athletes:episode-list"))
    assert response.status_code == 503
    content = response.content.decode()
    assert "Cramps is unavailable for a moment" in content
    assert "Traceback" not in content
    assert str(error) not in content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "error", [ValueError("a bug, not a database that is down"), IntegrityError("a bug: a broken constraint")]
)
def test_other_errors_are_still_server_errors(athlete, error):
    client = Client(raise_request_exception=False)
    client.force_login(athlete)
    with database_down(error):
        response = client.get(reverse("athletes:episode-list"))
    assert response.status_code == 500


# The health check as a load balancer sees it: gunicorn serving the app in production mode ------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    """(status, body) of a GET; an error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def gunicorn(tmp_path):
    """Start gunicorn on a free port with DATABASE_URL as given; every server is stopped afterwards."""
    servers = []

    def start(database_url):
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "health-check-test-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "0",
            "DATABASE_URL": database_url,
        }
        log = open(tmp_path / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed with the server)
        server = subprocess.Popen(
            [GUNICORN, "cramps.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append((server, log))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / f"gunicorn-{port}.log").read_text()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return f"http://127.0.0.1:{port}"
            time.sleep(0.1)
        raise AssertionError("gunicorn did not start listening within 30 seconds")

    yield start
    for server, log in servers:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def migrated_database(path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    return path


def test_gunicorn_answers_ok_while_the_database_answers_and_503_once_its_file_is_moved_away(gunicorn, tmp_path):
    database = migrated_database(tmp_path / "cramps.sqlite3")
    up = gunicorn(f"sqlite:///{database}")
    assert fetch(f"{up}/healthz") == (200, b"ok")

    for part in tmp_path.glob("cramps.sqlite3*"):  # the file, and its WAL files
        part.rename(tmp_path / f"moved-{part.name}")
    assert fetch(f"{up}/healthz") == (503, b"database unavailable")
    assert fetch(f"{up}/healthz") == (503, b"database unavailable")  # and again: nothing made in its place
    assert not database.exists(), "no empty database was made in its place"


def test_gunicorn_answers_503_not_500_on_a_corrupt_database_file(gunicorn, tmp_path):
    database = tmp_path / "cramps.sqlite3"
    database.write_bytes(b"this is not an SQLite database " * 200)
    up = gunicorn(f"sqlite:///{database}")
    assert fetch(f"{up}/healthz") == (503, b"database unavailable")


def test_gunicorn_answers_503_when_the_database_has_lost_its_tables(gunicorn, tmp_path):
    database = tmp_path / "cramps.sqlite3"
    sqlite3.connect(database).close()  # a file that exists, but empty: SELECT 1 would still answer
    up = gunicorn(f"sqlite:///{database}")
    assert fetch(f"{up}/healthz") == (503, b"database unavailable")


def test_the_server_refuses_to_start_on_an_sqlite_file_that_does_not_exist(tmp_path):
    missing = tmp_path / "no-such-folder" / "cramps.sqlite3"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "health-check-test-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{missing}",
    }
    server = subprocess.run(
        [GUNICORN, "cramps.wsgi", "--bind", f"127.0.0.1:{free_port()}", "--workers", "1", "--no-control-socket"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert server.returncode != 0
    assert f"The SQLite database {missing} does not exist" in server.stdout + server.stderr
    assert not missing.exists()
