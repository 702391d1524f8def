"""A change to a plan does not rewrite its past: earlier days keep their sessions a week, and a
past day offers the items that were in the plan that day."""

import math
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights, services
from athletes.models import PlanChange, RoutineAssignment, RoutineSession, User
from library.tests.factories import make_exercise, make_strategy

from .coaching import do_sessions, link
from .test_plan_changes import rows_of

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def plan(**fields):
    return RoutineAssignment(**{"name": "r", "start_date": START, "sessions_per_week": 2, "weeks": 8, **fields})


def rate_change(before, after, *, on, hour=12):
    return PlanChange(
        changed_at=noon(on) + timedelta(hours=hour - 12),
        summary=f"sessions a week {before} → {after}",
        sessions_per_week_before=before,
        sessions_per_week_after=after,
    )


# Sessions a week, day by day, on constructed dates -----------------------------------------------


def test_going_from_two_to_seven_a_week_keeps_the_full_marks_earned_so_far():
    day_14 = START + timedelta(days=14)
    to_seven = [rate_change(2, 7, on=day_14)]
    assert insights.sessions_due(plan(), today=day_14, sessions_done=4, changes=to_seven) == 4
    assert insights.adherence(plan(), sessions_done=4, today=day_14, changes=to_seven) == 1.0
    # Without the record of the change, the new rate would reach back over the first two weeks.
    assert insights.adherence(plan(sessions_per_week=7), sessions_done=4, today=day_14) == pytest.approx(4 / 14)


def test_after_the_change_each_day_asks_for_a_seventh_of_the_new_week():
    to_seven = [rate_change(2, 7, on=START + timedelta(days=14))]
    due = [insights.sessions_due(plan(), today=START + timedelta(days=d), changes=to_seven) for d in (15, 16, 21)]
    assert due == [5, 6, 11]
    assert insights.adherence(plan(), sessions_done=4, today=START + timedelta(days=15), changes=to_seven) == 0.8


@pytest.mark.parametrize("days", range(0, 70, 3))
def test_a_plan_never_changed_counts_as_before(days):
    today = START + timedelta(days=days)
    unchanged = [PlanChange(changed_at=noon(START + timedelta(days=2)), summary="new note")]
    expected = min(math.ceil(days * 3 / 7), 3 * 4)
    assert insights.sessions_due(plan(sessions_per_week=3, weeks=4), today=today) == expected
    assert insights.sessions_due(plan(sessions_per_week=3, weeks=4), today=today, changes=unchanged) == expected


def test_a_whole_plan_is_capped_at_the_sum_of_its_days_rates():
    weeks_two = plan(weeks=2)
    to_seven = [rate_change(2, 7, on=START + timedelta(days=7))]
    # a week at 2, a week at 7: 9 in all, however long after the end
    assert insights.sessions_due(weeks_two, today=START + timedelta(days=60), changes=to_seven) == 9


def test_the_last_change_of_a_day_counts_and_a_change_before_the_start_counts_from_the_start():
    same_day = [
        rate_change(2, 5, on=START + timedelta(days=7), hour=9),
        rate_change(5, 7, on=START + timedelta(days=7)),
    ]
    assert insights.rate_schedule(plan(), same_day) == [(START, 2), (START + timedelta(days=7), 7)]
    early = [rate_change(2, 7, on=START - timedelta(days=3))]
    assert insights.rate_schedule(plan(), early) == [(START, 7)]
    assert insights.sessions_due(plan(), today=START + timedelta(days=7), changes=early) == 7


# The figures both sides read, on constructed dates ------------------------------------------------------


@pytest.fixture
def changed(athlete, coach):
    """Two a week from START, four sessions done, changed to seven a week at noon on day 14."""
    link(coach, athlete)
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    assignment = services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=None,
        start_date=START,
        sessions_per_week=2,
        weeks=8,
        note="",
        items=[{"exercise": calf, "sets": 3, "reps": 15}],
        notify=False,
    )
    do_sessions(assignment, 4)
    services.change_plan(
        assignment, coach=coach, items=rows_of(assignment), name="r", sessions_per_week=7, weeks=8, note=""
    )
    PlanChange.objects.update(changed_at=noon(START + timedelta(days=14)))
    return assignment


def test_the_change_records_the_rate_before_and_after(changed):
    change = PlanChange.objects.get()
    assert (change.sessions_per_week_before, change.sessions_per_week_after) == (2, 7)


def test_the_plan_history_keeps_full_marks_right_after_the_change(athlete, changed):
    (record,) = insights.plan_history(athlete, today=START + timedelta(days=14))
    assert (record.progress.done, record.progress.due, record.progress.adherence) == (4, 4, 1.0)
    (record,) = insights.plan_history(athlete, today=START + timedelta(days=21))
    assert (record.progress.due, record.progress.adherence) == (11, pytest.approx(4 / 11))


def test_the_dashboard_keeps_full_marks_right_after_the_change(athlete, changed):
    (row,) = insights.dashboard_rows(User.objects.filter(pk=athlete.pk), now=noon(START + timedelta(days=14)))
    assert row.adherence == 1.0
    (row,) = insights.dashboard_rows(User.objects.filter(pk=athlete.pk), now=noon(START + timedelta(days=15)))
    assert row.adherence == 0.8


def test_the_routine_pages_figures_are_the_plans_records(athlete_client, athlete, coach):
    link(coach, athlete)
    assignment = services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate() - timedelta(days=14),
        sessions_per_week=2,
        weeks=8,
        note="",
        items=[{"exercise": make_exercise(), "reps": 10}],
        notify=False,
    )
    do_sessions(assignment, 4)
    services.change_plan(
        assignment, coach=coach, items=rows_of(assignment), name="r", sessions_per_week=7, weeks=8, note=""
    )
    context = athlete_client.get(reverse("athletes:routine")).context
    assert context["progress"].due == context["active_plan"].progress.due


# A past day offers the items of that day ------------------------------------------------------------


@pytest.fixture
def redosed(athlete, coach):
    """A plan from six days ago; a session two days ago ticked the calf raises at 15 reps; today, 20 reps."""
    link(coach, athlete)
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    sleep = make_strategy("sleep-well", name="Sleep well")
    assignment = services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate() - timedelta(days=6),
        sessions_per_week=3,
        weeks=4,
        note="",
        items=[{"exercise": calf, "sets": 3, "reps": 15}, {"strategy": sleep, "dose": "7 hours in bed"}],
        notify=False,
    )
    old_calf = assignment.items.get(exercise=calf)
    services.record_session(
        assignment,
        performed_on=timezone.localdate() - timedelta(days=2),
        completed_items=[old_calf],
        helped="yes",
        discomfort=False,
        discomfort_note="",
    )
    services.change_plan(
        assignment,
        coach=coach,
        items=rows_of(assignment, **{"Slow calf raises": {"reps": 20}}),
        name=assignment.name,
        sessions_per_week=3,
        weeks=4,
        note="",
    )
    new_calf = assignment.items.get(exercise=calf, removed_at__isnull=True)
    return {"plan": assignment, "old": old_calf, "new": new_calf, "sleep": assignment.items.get(strategy=sleep)}


def day_page(client, days_ago):
    day = timezone.localdate() - timedelta(days=days_ago)
    return client.get(reverse("athletes:routine") + f"?day={day.isoformat()}")


def test_a_past_session_shows_the_dose_it_ticked_and_not_todays(athlete_client, redosed):
    response = day_page(athlete_client, 2)
    assert response.context["exercises"] == [redosed["old"]]
    assert response.context["checked"] == {str(redosed["old"].pk)}
    body = response.content.decode()
    assert f'value="{redosed["old"].pk}" id="item-{redosed["old"].pk}" checked>' in body
    assert f'id="item-{redosed["new"].pk}"' not in body


def test_saving_a_past_session_again_keeps_the_dose_it_ticked(athlete_client, redosed):
    day = timezone.localdate() - timedelta(days=2)
    response = athlete_client.post(
        reverse("athletes:routine"),
        {
            "performed_on": day.isoformat(),
            "completed_items": [redosed["old"].pk, redosed["sleep"].pk],
            "helped": "a_little",
        },
    )
    assert response.status_code == 302
    session = RoutineSession.objects.get(performed_on=day)
    assert set(session.completed_items.all()) == {redosed["old"], redosed["sleep"]}
    assert session.helped == "a_little"


def test_a_past_day_without_a_session_offers_that_days_doses(athlete_client, redosed):
    response = day_page(athlete_client, 3)
    assert response.context["exercises"] == [redosed["old"]]
    assert response.context["checked"] == set()
    # and logging it late ticks the dose of that day; today's is refused for it
    day = timezone.localdate() - timedelta(days=3)
    athlete_client.post(
        reverse("athletes:routine"),
        {"performed_on": day.isoformat(), "completed_items": [redosed["new"].pk], "helped": "yes"},
    )
    assert not RoutineSession.objects.filter(performed_on=day).exists()


def test_today_offers_the_new_dose_only(athlete_client, redosed):
    response = athlete_client.get(reverse("athletes:routine"))
    assert response.context["exercises"] == [redosed["new"]]
    assert response.context["habits"] == [redosed["sleep"]]


def test_a_plan_assigned_late_offers_its_items_from_its_first_day(athlete_client, redosed):
    # Assigned today with a start six days back: its items were in the plan on those days.
    response = day_page(athlete_client, 6)
    assert response.context["habits"] == [redosed["sleep"]]


def test_items_on_a_day_read_what_was_in_the_plan_when_that_day_ended(redosed):
    today = timezone.localdate()
    assert list(insights.items_on(redosed["plan"], today - timedelta(days=1))) == [redosed["old"], redosed["sleep"]]
    assert list(insights.items_on(redosed["plan"], today)) == [redosed["new"], redosed["sleep"]]
    ticked = [redosed["old"].pk]
    assert set(insights.items_on(redosed["plan"], today, ticked=ticked)) == {
        redosed["old"],
        redosed["sleep"],
        redosed["new"],
    }
