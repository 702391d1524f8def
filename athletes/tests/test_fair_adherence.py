"""Adherence is fair: a day counts once it is over, a missed day can be logged up to a week later,
and a plan asks for at most one session a day."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from athletes import insights
from athletes.forms import AssignmentForm
from athletes.models import RoutineAssignment, RoutineSession
from library.models import RoutineTemplate
from library.tests.factories import make_exercise, make_template

from .coaching import assign, link

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)


def plan(**fields):
    return RoutineAssignment(**{"name": "r", "start_date": START, "sessions_per_week": 3, "weeks": 4, **fields})


# Adherence on constructed dates ------------------------------------------------


def test_nothing_is_due_on_the_first_day_so_a_new_plan_starts_today_not_at_zero():
    assert insights.sessions_due(plan(), today=START) == 0
    assert insights.adherence(plan(), sessions_done=0, today=START) is None
    no_effect = insights.Effect(before=0, after=0, days_before=0, days_since=0)
    progress = insights.routine_progress(plan(), sessions_done=0, effect=no_effect, today=START)
    assert progress.starts_today
    assert progress.adherence is None


def test_a_session_done_on_the_first_day_counts_as_done_of_due():
    assert insights.sessions_due(plan(), today=START, sessions_done=1) == 1
    assert insights.adherence(plan(), sessions_done=1, today=START) == 1.0


def test_the_first_day_is_due_once_it_is_over():
    assert insights.sessions_due(plan(), today=START + timedelta(days=1)) == 1
    assert insights.adherence(plan(), sessions_done=0, today=START + timedelta(days=1)) == 0.0


def test_a_plan_that_has_ended_counts_every_one_of_its_days():
    ended = plan(weeks=1)
    assert insights.sessions_due(ended, today=START + timedelta(days=10)) == 3


# On the pages --------------------------------------------------------------------


@pytest.fixture
def calf(db):
    return make_exercise("slow-calf-raises", name="Slow calf raises")


def test_a_routine_assigned_today_reads_starts_today_for_the_athlete(athlete_client, athlete, coach, calf):
    assign(coach, athlete, [calf])
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Starts today: nothing is due until today is over." in body
    assert "(0%)" not in body


def test_a_routine_assigned_today_is_not_low_adherence_on_the_dashboard(coach_client, athlete, coach, calf):
    link(coach, athlete)
    assign(coach, athlete, [calf])
    response = coach_client.get(reverse("athletes:dashboard"))
    row = response.context["rows"][0]
    assert row.adherence is None
    assert "low adherence" not in row.attention
    assert "Starts today" in response.content.decode()
    assert "0% adherence" not in response.content.decode()


def _post_session(client, assignment, day=None):
    data = {"completed_items": [assignment.items.first().pk], "helped": "yes"}
    if day is not None:
        data["performed_on"] = day.isoformat()
    return client.post(reverse("athletes:routine"), data)


def test_a_session_logged_yesterday_counts_and_is_marked_as_logged_late(athlete_client, athlete, coach, calf):
    assignment = assign(coach, athlete, [calf], start_days_ago=6)
    yesterday = insights.local_today(athlete) - timedelta(days=1)
    response = _post_session(athlete_client, assignment, yesterday)
    assert response.status_code == 302
    session = RoutineSession.objects.get(assignment=assignment)
    assert (session.performed_on, session.logged_late) == (yesterday, True)
    page = athlete_client.get(response.url).content.decode()
    assert "Logged late" in page
    assert "1 done of 3 sessions due so far (33%)" in page


def test_a_session_logged_on_its_day_is_not_late(athlete_client, athlete, coach, calf):
    assignment = assign(coach, athlete, [calf], start_days_ago=6)
    _post_session(athlete_client, assignment)
    session = RoutineSession.objects.get(assignment=assignment)
    assert (session.performed_on, session.logged_late) == (insights.local_today(athlete), False)


def test_the_day_picker_offers_today_and_the_last_seven_days(athlete_client, athlete, coach, calf):
    assign(coach, athlete, [calf], start_days_ago=20)
    today = insights.local_today(athlete)
    response = athlete_client.get(reverse("athletes:routine"))
    assert [day for day, _ in response.context["days"]] == [today - timedelta(days=n) for n in range(8)]
    assert response.context["day"] == today


def test_the_day_picker_offers_no_day_before_the_start(athlete_client, athlete, coach, calf):
    assign(coach, athlete, [calf], start_days_ago=2)
    today = insights.local_today(athlete)
    days = athlete_client.get(reverse("athletes:routine")).context["days"]
    assert [day for day, _ in days] == [today, today - timedelta(days=1), today - timedelta(days=2)]


@pytest.mark.parametrize("asked", ["before-start", "garbage", "2026-02-30", "twelve-days-ago"])
def test_asking_for_a_day_out_of_reach_says_so_and_shows_today(athlete_client, athlete, coach, calf, asked):
    assign(coach, athlete, [calf], start_days_ago=2)
    today = insights.local_today(athlete)
    value = {
        "before-start": (today - timedelta(days=4)).isoformat(),
        "twelve-days-ago": (today - timedelta(days=12)).isoformat(),
    }.get(asked, asked)
    response = athlete_client.get(reverse("athletes:routine") + f"?day={value}")
    assert response.context["day"] == today
    assert "Sessions can be logged for today and the 7 days before, from the plan" in response.content.decode()


def test_picking_a_past_day_shows_that_days_session(athlete_client, athlete, coach, calf):
    assignment = assign(coach, athlete, [calf], start_days_ago=6)
    three_days_ago = insights.local_today(athlete) - timedelta(days=3)
    RoutineSession.objects.create(assignment=assignment, performed_on=three_days_ago, helped="no")
    response = athlete_client.get(reverse("athletes:routine") + f"?day={three_days_ago.isoformat()}")
    assert response.context["todays"].performed_on == three_days_ago
    assert "Session for " in response.content.decode()
    assert "Update this session" in response.content.decode()


@pytest.mark.parametrize(
    ("days_back", "start_days_ago", "message"),
    [
        (8, 20, "Sessions can be logged for the last 7 days only."),
        (3, 2, "This routine starts on"),
        (-1, 20, "That day has not come yet"),
    ],
    ids=["eight-days-back", "before-the-start", "in-the-future"],
)
def test_a_session_for_a_day_out_of_reach_is_refused(
    athlete_client, athlete, coach, calf, days_back, start_days_ago, message
):
    assignment = assign(coach, athlete, [calf], start_days_ago=start_days_ago)
    day = insights.local_today(athlete) - timedelta(days=days_back)
    response = _post_session(athlete_client, assignment, day)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoutineSession.objects.exists()


def test_a_plan_that_has_not_started_cannot_be_logged_yet(athlete_client, athlete, coach, calf):
    assignment = assign(coach, athlete, [calf], start_days_ago=-3)
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "sessions can be logged from that day" in body
    assert "Finish session" not in body
    response = _post_session(athlete_client, assignment)
    assert "This routine starts on" in response.content.decode()
    assert not RoutineSession.objects.exists()


# At most seven sessions a week ------------------------------------------------------


def test_the_assign_form_refuses_eight_sessions_a_week():
    form = AssignmentForm({"name": "Too much", "start_date": date.today(), "sessions_per_week": 8, "weeks": 4})
    assert not form.is_valid()
    assert form.errors["sessions_per_week"] == ["At most 7 sessions a week: one a day."]


def test_the_database_refuses_eight_sessions_a_week(athlete, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineAssignment.objects.create(
            athlete=athlete, coach=coach, name="Too much", start_date=START, sessions_per_week=8, weeks=4
        )


def test_the_library_refuses_a_template_of_eight_sessions_a_week():
    template = make_template("daily")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineTemplate.objects.filter(pk=template.pk).update(sessions_per_week=8)


def test_every_template_in_the_seed_library_asks_for_one_to_seven_sessions_a_week():
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "library.json").read_text())
    per_week = [row["fields"]["sessions_per_week"] for row in rows if row["model"] == "library.routinetemplate"]
    assert per_week
    assert all(1 <= n <= 7 for n in per_week)
