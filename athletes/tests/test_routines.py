from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.models import RoutineAssignment, RoutineSession
from conftest import count_queries
from library.tests.factories import make_cause, make_exercise

from .coaching import assign, do_sessions, link
from .factories import make_episode, make_episodes

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)


def plan(**fields):
    return RoutineAssignment(**{"name": "r", "start_date": START, "sessions_per_week": 3, "weeks": 4, **fields})


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


# Adherence -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (START - timedelta(days=1), 0),
        (START, 1),
        (START + timedelta(days=6), 3),
        (START + timedelta(days=13), 6),
        (START + timedelta(days=100), 12),  # capped at the plan
    ],
)
def test_sessions_due_grow_with_the_days(today, due):
    assert insights.sessions_due(plan(), today=today) == due


def test_adherence_is_done_over_due_and_never_above_one():
    today = START + timedelta(days=13)  # 6 due
    assert insights.adherence(plan(), sessions_done=3, today=today) == 0.5
    assert insights.adherence(plan(), sessions_done=9, today=today) == 1.0
    assert insights.adherence(plan(), sessions_done=0, today=START - timedelta(days=1)) is None


def test_an_ended_routine_stops_counting_sessions_due():
    ended = plan(ended_on=START + timedelta(days=6))
    assert insights.sessions_due(ended, today=START + timedelta(days=20)) == 3


# Did it work -----------------------------------------------------------------


def test_episodes_per_week_before_and_since_the_start():
    times = [at(START - timedelta(days=d)) for d in (1, 3, 5, 8, 10, 12, 15, 20)]  # 8 in the 4 weeks before
    times += [at(START + timedelta(days=d)) for d in (2, 9, 16, 23)]  # 4 in the 4 weeks since
    times += [at(START - timedelta(days=40))]  # outside both periods
    effect = insights.routine_effect(plan(), times, today=START + timedelta(days=27))
    assert (effect.before, effect.after, effect.days_since) == (8, 4, 28)
    assert effect.before_per_week == 2.0
    assert effect.after_per_week == 1.0
    assert effect.change_percent == -50
    assert effect.verdict == "50% fewer cramps"


def test_too_little_data_gives_no_verdict():
    times = [at(START - timedelta(days=2)), at(START + timedelta(days=1))]
    effect = insights.routine_effect(plan(), times, today=START + timedelta(days=10))
    assert not effect.enough_data
    assert effect.change is None
    assert effect.verdict == ""


def test_no_episodes_before_means_no_percentage():
    effect = insights.routine_effect(plan(), [at(START + timedelta(days=3))], today=START + timedelta(days=20))
    assert effect.enough_data
    assert effect.change is None


def test_template_effects_average_over_athletes(coach, athlete, other_athlete):
    from library.tests.factories import make_template

    exercise = make_exercise()
    template = make_template("calf-endurance", name="Calf endurance", exercises=[exercise])
    for who, before, after in ((athlete, 8, 2), (other_athlete, 4, 4)):
        a = assign(coach, who, [exercise], template=template, start_days_ago=28)
        for i in range(before):
            make_episode(who, days_ago=29 + i)
        for i in range(after):
            make_episode(who, days_ago=1 + i)
        assert a.is_active
    rows = insights.template_effects(RoutineAssignment.objects.select_related("template", "athlete"))
    # -75% and 0%, averaged
    assert rows == [("Calf endurance", -38, 2)]


# The athlete's routine page ------------------------------------------------------


@pytest.fixture
def routine(coach, athlete):
    link(coach, athlete)
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    stretch = make_exercise("long-hold", name="Long-hold stretching", reps=None, hold_seconds=45)
    return assign(coach, athlete, [calf, stretch], start_days_ago=6)


def test_the_routine_page_shows_todays_session_with_how_to_and_dose(athlete_client, routine):
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Slow calf raises" in body
    assert "3 × 15 reps" in body
    assert "hold 45 s" in body
    assert "Start 45 s hold" in body
    assert "Do it slowly." in body


def test_finishing_a_session_counts_towards_adherence(athlete_client, routine):
    first = routine.items.first()
    response = athlete_client.post(
        reverse("athletes:routine"), {"completed_items": [first.pk], "helped": "yes", "discomfort_note": "left knee"}
    )
    assert response.status_code == 302
    session = RoutineSession.objects.get(assignment=routine)
    assert list(session.completed_items.all()) == [first]
    assert session.discomfort is True
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "1 of 3 sessions due so far done (33%)" in body


def test_finishing_twice_in_a_day_updates_the_same_session(athlete_client, routine):
    item = routine.items.first()
    for helped in ("yes", "no"):
        athlete_client.post(reverse("athletes:routine"), {"helped": helped, "completed_items": [item.pk]})
    assert RoutineSession.objects.get(assignment=routine).helped == "no"


def test_a_session_needs_an_answer_to_did_it_help(athlete_client, routine):
    response = athlete_client.post(reverse("athletes:routine"), {"completed_items": [routine.items.first().pk]})
    assert "Say whether it helped" in response.content.decode()
    assert not RoutineSession.objects.exists()


def test_a_session_with_nothing_ticked_is_not_counted(athlete_client, routine):
    response = athlete_client.post(reverse("athletes:routine"), {"helped": "yes"})
    assert "a session needs at least one" in response.content.decode()
    assert not RoutineSession.objects.exists()


def test_an_athlete_cannot_tick_another_routines_items(athlete_client, routine, coach, other_athlete):
    theirs = assign(coach, other_athlete, [make_exercise()])
    response = athlete_client.post(
        reverse("athletes:routine"), {"completed_items": [theirs.items.first().pk], "helped": "yes"}
    )
    assert response.status_code == 200
    assert not RoutineSession.objects.exists()


def test_no_routine_explains_what_happens_next(athlete_client):
    assert "You have no routine yet" in athlete_client.get(reverse("athletes:routine")).content.decode()


def test_the_coach_sees_adherence_and_the_before_after_on_the_athlete_page(coach_client, athlete, routine):
    do_sessions(routine, 2)
    body = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "2 of 3 sessions due so far done (67%)" in body
    assert "Too little data yet" in body


# Query counts ------------------------------------------------------------------


def _athletes_with_data(coach, count, exercise):
    from conftest import make_user

    for i in range(count):
        who = make_user(f"athlete-{coach.pk}-{i}-{RoutineAssignment.objects.count()}")
        link(coach, who)
        make_episodes(who, 3, fluid_intake="low", numbness=(i % 2 == 0))
        make_episode(who, days_ago=40)
        do_sessions(assign(coach, who, [exercise], start_days_ago=10), 2)


def test_the_dashboard_runs_the_same_queries_for_5_and_50_athletes(coach_client, coach):
    make_cause("dehydration")
    exercise = make_exercise()
    _athletes_with_data(coach, 5, exercise)
    five = count_queries(coach_client, reverse("athletes:dashboard"))
    _athletes_with_data(coach, 45, exercise)
    fifty = count_queries(coach_client, reverse("athletes:dashboard"))
    assert len(coach_client.get(reverse("athletes:dashboard")).context["rows"]) == 50
    assert fifty == five
    assert fifty <= 14


@pytest.mark.parametrize("name", ["athletes:coach-athlete", "athletes:routine"])
def test_athlete_and_routine_pages_do_not_grow_with_episodes_or_sessions(client, coach, athlete, routine, name):
    client.force_login(coach if name == "athletes:coach-athlete" else athlete)
    url = reverse(name, args=[athlete.pk]) if name == "athletes:coach-athlete" else reverse(name)
    make_episodes(athlete, 10, fluid_intake="low", numbness=True)
    do_sessions(routine, 2)
    small = count_queries(client, url)
    make_episodes(athlete, 190, fluid_intake="low")
    do_sessions(assign(routine.coach, athlete, [make_exercise()], start_days_ago=30), 20)
    assert count_queries(client, url) == small


def test_an_athlete_can_stop_their_routine_after_confirming(athlete_client, routine):
    confirm = athlete_client.get(reverse("athletes:stop-routine"))
    assert "Stop" in confirm.content.decode()
    routine.refresh_from_db()
    assert routine.is_active
    athlete_client.post(reverse("athletes:stop-routine"))
    routine.refresh_from_db()
    assert not routine.is_active


def test_stopping_without_a_routine_is_404(athlete_client):
    assert athlete_client.post(reverse("athletes:stop-routine")).status_code == 404


def test_the_dashboard_calls_an_athlete_with_nothing_before_new_not_rising():
    row = insights.AthleteRow(
        athlete=None,
        last_7=3,
        last_28=6,
        previous_28=0,
        top_causes=[],
        last_episode=None,
        flags=[],
        assignment=None,
        adherence=None,
    )
    assert row.trend == "new"
    assert "episodes rising" not in row.attention
    row.previous_28 = 2
    assert row.trend == "rising"
