"""Generated input for every form and every query string the pages read: never a server error, and a
refused form leaves the database as it was.

Each test is a `hypothesis.extra.django.TestCase`: every generated example runs in a transaction of its
own that is rolled back after it, so one example's rows never leak into the next, and the actors made once
in `setUpTestData` are the same for all. (pytest-django's function-scoped `client` and `db` fixtures are
set up once per test, not once per example, so they would carry one example's rows into the next.)
A view that raises reaches the test: the test client re-raises it, and Hypothesis shrinks the input.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from athletes.models import (
    AssignedItem,
    CoachInvite,
    CoachLink,
    Comment,
    CrampEpisode,
    PlanChange,
    RoutineAssignment,
    RoutineSession,
    User,
)
from athletes.tests.coaching import assign, link
from athletes.tests.factories import make_episode
from conftest import make_user
from library.tests.factories import make_cause, make_exercise, make_strategy, make_template

HUGE = "1" * 40
# Values that have broken web apps before: huge and negative numbers, far dates, NUL and other control
# characters, emoji, numbers in words, very long text.
ODD = [
    "",
    " ",
    HUGE,
    "-" + HUGE,
    "-1",
    "0",
    "1e400",
    "NaN",
    "inf",
    "\x00",
    "a\x00b",
    "\x1b[0m",
    "\r\n",
    "😀",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2000-01-01",
    "x" * 3000,
]
value = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(str),
)
# One value, several (a multi-select, or a field sent twice) or none (the field missing).
field_value = st.one_of(value, st.lists(value, min_size=2, max_size=3), st.none())

TABLES = [
    User,
    CrampEpisode,
    RoutineAssignment,
    AssignedItem,
    RoutineSession,
    PlanChange,
    CoachLink,
    CoachInvite,
    Comment,
]


def around(valid):
    """A valid payload with some of its fields replaced by odd values or left out."""
    fields = sorted(valid)
    return st.dictionaries(st.sampled_from(fields), field_value, max_size=len(fields)).map(
        lambda changes: {k: v for k, v in {**valid, **changes}.items() if v is not None}
    )


def row_counts():
    return {model.__name__: model.objects.count() for model in TABLES}


class GeneratedInputTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cause = make_cause()
        cls.exercise = make_exercise(causes=[cls.cause])
        cls.habit = make_strategy(causes=[cls.cause])
        cls.template = make_template("easy-plan", exercises=[cls.exercise])
        cls.coach = make_user("casey", role=User.Role.COACH, first_name="Casey")
        cls.athlete = make_user("alex", first_name="Alex")  # coached, with an active plan
        cls.solo = make_user("blair", first_name="Blair")  # no coach: starts and changes plans themselves
        link(cls.coach, cls.athlete)
        cls.plan = assign(cls.coach, cls.athlete, [cls.exercise], start_days_ago=2)
        cls.episode = make_episode(cls.athlete, days_ago=1, suspected=[cls.cause])
        cls.invite = CoachInvite.objects.create(coach=cls.coach)

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    def assert_refused_or_saved(self, response, before):
        """A redirect means saved; anything else must leave every table as it was."""
        assert response.status_code < 500
        if response.status_code != 302:
            assert row_counts() == before

    def post(self, user, url, payload):
        client = self.as_user(user) if user else self.client
        before = row_counts()
        response = client.post(url, payload)
        self.assert_refused_or_saved(response, before)
        return response

    def plan_rows(self, prefix="items"):
        return {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-exercise": str(self.exercise.pk),
            f"{prefix}-0-sets": "2",
            f"{prefix}-0-reps": "10",
            f"{prefix}-0-hold_seconds": "30",
            f"{prefix}-0-ORDER": "1",
            f"{prefix}-1-strategy": str(self.habit.pk),
            f"{prefix}-1-dose": "Once a day",
            f"{prefix}-1-notes": "Before bed",
            f"{prefix}-1-DELETE": "",
        }

    def schedule(self):
        return {
            "name": "Calf plan",
            "start_date": timezone.localdate().isoformat(),
            "sessions_per_week": "3",
            "weeks": "4",
            "note": "Go easy.\nStop if it hurts.",
        }

    @given(data=st.data())
    def test_the_episode_form_never_fails(self, data):
        valid = {
            "occurred_at": (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "muscle": "calves",
            "side": "left",
            "severity": "5",
            "duration_minutes": "2.5",
            "setting": "training",
            "minutes_into_session": "40",
            "session_rpe": "7",
            "fluid_intake": "low",
            "sleep_hours": "7.5",
            "days_since_rest": "3",
            "suspected_causes": [str(self.cause.pk)],
            "notes": "Second half.",
        }
        self.post(self.athlete, reverse("athletes:episode-create"), data.draw(around(valid)))

    @given(data=st.data())
    def test_editing_an_episode_never_fails_and_a_refusal_changes_nothing(self, data):
        valid = {"occurred_at": "2026-01-01T10:00", "muscle": "hamstrings", "severity": "4", "notes": "x"}
        before = CrampEpisode.objects.values().get(pk=self.episode.pk)
        url = reverse("athletes:episode-edit", args=[self.episode.pk])
        response = self.post(self.athlete, url, data.draw(around(valid)))
        if response.status_code != 302:
            assert CrampEpisode.objects.values().get(pk=self.episode.pk) == before

    @given(data=st.data())
    def test_the_quick_log_never_fails(self, data):
        valid = {"muscle": "calves", "severity": "6", "idempotency_key": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
        self.post(self.athlete, reverse("athletes:quick-log"), data.draw(around(valid)))

    @given(data=st.data())
    def test_the_profile_form_never_fails(self, data):
        valid = {
            "account-first_name": "Alex",
            "account-last_name": "Smith",
            "account-email": "alex@example.com",
            "account-time_zone": "America/Los_Angeles",
            "profile-sport": "football",
            "profile-athlete_type": "football",
            "profile-session_minutes": "90",
            "profile-training_days_per_week": "4",
            "profile-sweat_level": "heavy",
            "profile-other_medicines": "",
        }
        before = User.objects.values("first_name", "last_name", "email", "time_zone").get(pk=self.athlete.pk)
        response = self.post(self.athlete, reverse("profile"), data.draw(around(valid)))
        if response.status_code != 302:
            after = User.objects.values("first_name", "last_name", "email", "time_zone").get(pk=self.athlete.pk)
            assert after == before

    @given(data=st.data())
    def test_sign_up_never_fails(self, data):
        valid = {
            "username": "newcomer",
            "first_name": "Nova",
            "email": "nova@example.com",
            "role": "athlete",
            "athlete_type": "gym",
            "time_zone": "Europe/London",
            "password1": "a-long-test-password-9",
            "password2": "a-long-test-password-9",
        }
        self.post(None, reverse("signup"), data.draw(around(valid)))

    @given(data=st.data())
    def test_assigning_a_plan_never_fails(self, data):
        url = reverse("athletes:assign", args=[self.athlete.pk])
        self.post(self.coach, url, data.draw(around({**self.schedule(), **self.plan_rows()})))

    @given(data=st.data())
    def test_starting_a_plan_of_ones_own_never_fails(self, data):
        self.post(self.solo, reverse("athletes:start-plan"), data.draw(around({**self.schedule(), **self.plan_rows()})))

    @given(data=st.data())
    def test_changing_a_plan_never_fails(self, data):
        valid = {**self.schedule(), **self.plan_rows(), "message": "Less volume."}
        del valid["start_date"]
        before = RoutineAssignment.objects.values().get(pk=self.plan.pk)
        response = self.post(
            self.coach, reverse("athletes:edit-routine", args=[self.athlete.pk]), data.draw(around(valid))
        )
        if response.status_code != 302:
            assert RoutineAssignment.objects.values().get(pk=self.plan.pk) == before

    @given(data=st.data())
    def test_ending_a_plan_never_fails(self, data):
        url = reverse("athletes:end-routine", args=[self.athlete.pk])
        self.post(self.coach, url, data.draw(around({"reason": "Season over.\nWell done."})))

    @given(data=st.data())
    def test_logging_a_session_never_fails(self, data):
        item = self.plan.items.first()
        valid = {
            "completed_items": [str(item.pk)],
            "helped": "yes",
            "discomfort": "on",
            "discomfort_note": "Tight calf",
            "performed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        }
        self.post(self.athlete, reverse("athletes:routine"), data.draw(around(valid)))

    @given(data=st.data())
    def test_a_comment_never_fails(self, data):
        url = reverse("athletes:episode-comments", args=[self.episode.pk])
        for user in (self.athlete, self.coach):
            self.post(user, url, data.draw(around({"text": "Tight calf.\nBetter now.", "next": "/routine/"})))

    @given(data=st.data())
    def test_an_invite_code_never_fails(self, data):
        client = self.as_user(self.solo)
        payload = data.draw(around({"code": self.invite.code, "accept": "1"}))
        before = row_counts()
        self.assert_refused_or_saved(client.post(reverse("athletes:join"), payload), before)
        assert client.get(reverse("athletes:join"), {k: v for k, v in payload.items() if k == "code"}).status_code < 500

    @given(query=st.dictionaries(st.sampled_from(["muscle", "setting", "start", "end", "page"]), field_value))
    def test_the_history_filters_never_fail(self, query):
        query = {k: v for k, v in query.items() if v is not None}
        assert self.as_user(self.athlete).get(reverse("athletes:episode-list"), query).status_code == 200

    @given(query=st.dictionaries(st.sampled_from(["q", "show"]), field_value))
    def test_the_dashboard_filters_never_fail(self, query):
        query = {k: v for k, v in query.items() if v is not None}
        assert self.as_user(self.coach).get(reverse("athletes:dashboard"), query).status_code == 200

    @given(query=st.dictionaries(st.sampled_from(["area", "cause", "page"]), field_value))
    def test_the_library_filters_never_fail(self, query):
        query = {k: v for k, v in query.items() if v is not None}
        assert self.as_user(self.athlete).get(reverse("library:exercise-list"), query).status_code == 200

    @given(page=value, day=value, template=value, then=value, next_url=value)
    def test_every_query_string_a_page_reads_never_fails(self, page, day, template, then, next_url):
        pages = [
            (self.coach, reverse("athletes:coach-athlete", args=[self.athlete.pk]), {"page": page}),
            (self.coach, reverse("athletes:assign", args=[self.athlete.pk]), {"template": template}),
            (self.athlete, reverse("athletes:routine"), {"day": day}),
            (self.athlete, reverse("athletes:episode-edit", args=[self.episode.pk]), {"then": then}),
            (self.solo, reverse("athletes:start-plan"), {"template": template}),
        ]
        for user, url, query in pages:
            assert self.as_user(user).get(url, query).status_code in (200, 302, 404)
        self.client.logout()
        assert self.client.get(reverse("signup"), {"next": next_url}).status_code == 200
