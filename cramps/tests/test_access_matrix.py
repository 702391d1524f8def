"""The access matrix: every URL that names an object × every kind of user × GET and POST.

The URLs are the resolver's patterns with parameters (the admin's are in test_least_privilege.py);
a new one fails `test_every_url_with_parameters_is_in_the_matrix` until it is given its rightful
user below (or users: a comment thread is the athlete's and their coach's). Only they get the page
(200) or a successful POST (a redirect that changes the database); anonymous visitors get the log-in
redirect, everyone else a 404 (a 405 for a method the view never answers), and nobody but the
rightful users changes anything.
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.insights import zone_of

from .routes import every_route, url_of

pytestmark = pytest.mark.django_db

USERS = ["athlete", "other_athlete", "coach", "other_coach", "editor", "anonymous"]


def episode_form(world):
    when = timezone.localtime(world.episode.occurred_at, zone_of(world.athlete))
    return {"occurred_at": when.strftime("%Y-%m-%dT%H:%M"), "muscle": "hamstrings", "severity": 9, "setting": "rest"}


def plan_rows(world):
    return {
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 20,
        "items-0-exercise": world.exercise.pk,
        "items-0-sets": 5,
        "items-0-reps": 10,
        "items-0-ORDER": 1,
    }


def new_plan(world):
    schedule = {"start_date": timezone.localdate().isoformat(), "sessions_per_week": 3, "weeks": 4, "note": ""}
    return {"name": "Matrix plan", **schedule, **plan_rows(world)}


def changed_plan(world):
    return {"name": "Calf endurance, harder", "sessions_per_week": 4, "weeks": 4, "note": "", **plan_rows(world)}


def comment(world):
    return {"text": "Matrix comment."}


@dataclass(frozen=True)
class Rule:
    rightful: str | tuple  # the user the URL is for, or the users
    methods: tuple = ("GET", "POST")  # what the view answers
    post: object = field(default=lambda world: {})  # a POST that succeeds for each rightful user

    @property
    def rightful_users(self):
        return (self.rightful,) if isinstance(self.rightful, str) else self.rightful


OWNED = {
    "athletes:episode-edit": Rule("athlete", post=episode_form),
    "athletes:episode-delete": Rule("athlete"),
    "athletes:leave-coach": Rule("athlete"),
    "athletes:invite-delete": Rule("coach", methods=("POST",)),
    "athletes:coach-athlete": Rule("coach", methods=("GET",)),
    "athletes:coach-acknowledge-flag": Rule("coach", methods=("POST",)),
    "athletes:remove-athlete": Rule("coach"),
    "athletes:assign": Rule("coach", post=new_plan),
    "athletes:end-routine": Rule("coach", post=lambda world: {"reason": "The season is over."}),
    "athletes:edit-routine": Rule("coach", post=changed_plan),
    "athletes:coach-report": Rule("coach", methods=("GET",)),
    "athletes:coach-report-pdf": Rule("coach", methods=("GET",)),
    "athletes:revoke-report-share": Rule("athlete"),
    # A comment thread on the athlete's plan, session or episode: the athlete's and their coach's.
    "athletes:plan-comments": Rule(("athlete", "coach"), post=comment),
    "athletes:session-comments": Rule(("athlete", "coach"), post=comment),
    "athletes:episode-comments": Rule(("athlete", "coach"), post=comment),
}
# URLs whose parameters name nobody's object, and why they are not in the matrix.
NOT_OWNED = {
    "athletes:acknowledge-flag": "the slug names a kind of red flag; athletes acknowledge their own",
    "athletes:join-code": "an invite code: the join page checks and throttles it",
    "library:cause-detail": "the library, the same for every member",
    "library:exercise-detail": "the library, the same for every member",
    "library:routine-detail": "the library, the same for every member",
    "password_reset_confirm": "the signed one-time link from a reset email",
    "confirm-email": "the signed link from an email confirmation",
    "athletes:shared-report": "a share link's secret token (tests: athletes/tests/test_report_shares.py)",
    "athletes:shared-report-pdf": "a share link's secret token (tests: athletes/tests/test_report_shares.py)",
    "athletes:calendar-feed": "a calendar feed's secret token (tests: athletes/tests/test_plan_calendar.py)",
    "athletes:reminder-unsubscribe": "a reminder's signed token (athletes/tests/test_reminder_settings.py)",
    "athletes:reminder-unsubscribe-one-click": "the same signed token, for a mail client's one-click POST",
    "javascript-catalog": "the scripts' words in one language, the same for everyone (test_translations.py)",
}
ROUTES = {route.name: route for route in every_route()}


def snapshot():
    """Every row of every athlete table (users, profiles, episodes, links, invites, plans, sessions, links between)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("athletes").get_models(include_auto_created=True)
    }


def test_every_url_with_parameters_is_in_the_matrix():
    with_parameters = {name for name, route in ROUTES.items() if route.params and not route.is_admin}
    assert with_parameters == set(OWNED) | set(NOT_OWNED), "Give each new URL its rightful user in OWNED."


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name", sorted(OWNED))
def test_only_the_rightful_user_gets_in(world, name, user, method):
    rule = OWNED[name]
    url = url_of(world, ROUTES[name])
    client = Client()
    actor = world.user(user)
    if actor is not None:
        client.force_login(actor)
    before = snapshot()
    response = client.post(url, rule.post(world)) if method == "POST" else client.get(url)
    changed = snapshot() != before

    if actor is None:
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"
    elif method not in rule.methods:  # the view never answers it; a wrong role may be told 404 first
        assert response.status_code == 405 or (user not in rule.rightful_users and response.status_code == 404)
    elif user not in rule.rightful_users:
        assert response.status_code == 404
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert changed, "the rightful user's POST should change something, or the others' POSTs prove nothing"
        return
    assert not changed, f"{method} {url} by {user} changed the database"
