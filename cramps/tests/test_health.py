"""The health check checks the database, and pages say plainly when the database is down."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
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


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
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


def test_other_errors_are_still_server_errors(athlete):
    client = Client(raise_request_exception=False)
    client.force_login(athlete)
    with database_down(ValueError("a bug, not a database that is down")):
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


def test_gunicorn_answers_ok_while_the_database_answers_and_503_when_it_is_gone(gunicorn, tmp_path):
    database = tmp_path / "cramps.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )

    up = gunicorn(f"sqlite:///{database}")
    assert fetch(f"{up}/healthz") == (200, b"ok")

    down = gunicorn(f"sqlite:///{tmp_path / 'no-such-folder' / 'cramps.sqlite3'}")
    status, body = fetch(f"{down}/healthz")
    assert status == 503
    assert body == b"database unavailable"
    assert b"Traceback" not in body
