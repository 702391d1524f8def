"""Deny by default: every URL the project answers refuses an anonymous visitor unless it is meant to be public.

The URLs come from walking the resolver (cramps/tests/routes.py), the admin's included, so a
view added without protection fails here: anonymous GET and POST must each get the log-in
redirect, 403, 404 or 405, unless the URL is on the short list below.
"""

import pytest
from django.test import Client
from django.urls import reverse

from .routes import every_route, url_of

pytestmark = pytest.mark.django_db

# What anyone may open without an account, and why.
PUBLIC = {
    "home": "says what Cramps is",
    "healthz": "the load balancer's check",
    "service-worker": "the installable app's service worker (code, no data)",
    "manifest": "the installable app's manifest (name and icons)",
    "signup": "making an account",
    "confirm-email": "the link from an email confirmation (checks its signature)",
    "athletes:reminder-unsubscribe": "the stop link of a reminder email (checks its signature)",
    "athletes:reminder-unsubscribe-one-click": "a mail client's one-click unsubscribe (checks its signature)",
    "athletes:join-code": "a coach's invite link: a valid code's coach by name, then sign-up or log-in (throttled)",
    "login": "logging in",
    "logout": "logging out (POST; it only ends a session)",
    "password_reset": "asking for a reset link",
    "password_reset_done": "after asking for a reset link",
    "password_reset_confirm": "the link from the email (checks its token)",
    "password_reset_complete": "after a reset",
    "set_language": "choosing the site's language (POST; it only sets a cookie)",
    "javascript-catalog": "the scripts' translations (the same for everyone in a language)",
    "admin:login": "the admin's log-in",
    "admin:logout": "the admin's log-out (it only ends a session)",
}
ROUTES = every_route()
LOGIN_PAGES = ("login", "admin:login")


def is_login_redirect(response):
    return response.status_code == 302 and any(
        response.url.startswith(f"{reverse(name)}?next=") for name in LOGIN_PAGES
    )


def test_the_walk_finds_the_pages_of_every_part_of_the_site():
    names = {route.name for route in ROUTES}
    assert {"athletes:episode-edit", "athletes:coach-athlete", "library:exercise-detail", "admin:index"} <= names
    assert "admin:athletes_crampepisode_change" in names


def test_every_public_url_still_exists():
    assert set(PUBLIC) <= {route.name for route in ROUTES}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", [route for route in ROUTES if route.name not in PUBLIC], ids=str)
def test_an_anonymous_visitor_is_refused(world, route, method):
    url = url_of(world, route)
    response = getattr(Client(), method)(url)
    assert is_login_redirect(response) or response.status_code in (403, 404, 405), (
        f"{method.upper()} {url} answered {response.status_code} to an anonymous visitor: protect the view, "
        "or add it to PUBLIC if everyone may use it."
    )


@pytest.mark.parametrize("route", [route for route in ROUTES if route.name in PUBLIC], ids=str)
def test_a_public_url_answers_an_anonymous_visitor_without_an_error(world, route):
    for method in ("get", "post"):
        response = getattr(Client(), method)(url_of(world, route))
        assert response.status_code < 500
