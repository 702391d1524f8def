"""The health check checks the database, and pages say plainly when the database is down."""

import logging
from unittest import mock

import pytest
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
