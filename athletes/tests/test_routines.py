from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.models import CrampEpisode, RoutineAssignment, RoutineSession, User
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
        (START, 0),  # the first day is not over: nothing is due yet
        (START + timedelta(days=1), 1),
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


LONG_AGO = at(START - timedelta(days=365))


def counted_effect(assignment, times, *, today, history_start):
    """The effect of `assignment` on `today`, counted by the database over episodes saved at `times`."""
    athlete = User.objects.create(username=f"effect-{User.objects.count()}")
    assignment.athlete = athlete
    made = assignment.created_at
    assignment.save()
    if made:  # created_at is set on insert: put back the moment the test gave
        RoutineAssignment.objects.filter(pk=assignment.pk).update(created_at=made)
        assignment.created_at = made
    for when in times:
        CrampEpisode.objects.create(athlete=athlete, occurred_at=when, muscle="calves", severity=5, setting="training")
    effects = insights.routine_effects(
        [assignment], todays={assignment.pk: today}, history_starts={assignment.pk: history_start}
    )
    return effects[assignment.pk]


def effect_of(times, *, history_start=LONG_AGO, days_since=28):
    """The effect on day `days_since` of the plan (a 4-week plan, so 28 at most)."""
    return counted_effect(plan(), times, today=START + timedelta(days=days_since - 1), history_start=history_start)


def before(*days):
    return [at(START - timedelta(days=d)) for d in days]


def since(*days):
    return [at(START + timedelta(days=d)) for d in days]


def test_episodes_per_week_before_and_since_the_start():
    times = before(1, 3, 5, 8, 10, 12, 15, 20) + since(2, 6, 9, 16, 20, 23)  # 8 in 28 days, 6 in 28 days
    times += before(40)  # outside both periods
    effect = effect_of(times)
    assert (effect.before, effect.after, effect.days_before, effect.days_since) == (8, 6, 28, 28)
    assert effect.before_per_week == 2.0
    assert effect.after_per_week == 1.5
    # 8 against 6 over four weeks each is well within chance: no "25% fewer" any more.
    assert effect.kind == "unclear"
    assert effect.verdict == (
        "No clear change: 8 in the 4 weeks before, 6 in the 4 weeks since (a difference this size could be chance)."
    )


def test_a_clear_rise_reads_as_more_cramps():
    effect = effect_of(before(1, 9, 17) + since(*range(0, 28, 2)))  # 3 against 14
    assert effect.kind == "more"
    assert effect.verdict.startswith(
        "More cramps since the plan started: 3 in the 4 weeks before, 14 in the 4 weeks since"
    )


def test_the_before_side_counts_only_the_history_there_is():
    # Joined 21 days before the start: 6 in 21 days is 2 a week, not 6 in 28 days (1.5 a week).
    times = before(1, 4, 8, 11, 15, 18) + since(1, 5, 9, 13, 17, 21)
    effect = effect_of(times, history_start=at(START - timedelta(days=21), hour=9))
    assert effect.days_before == 21
    assert effect.before_per_week == 2.0
    assert effect.after_per_week == 1.5
    assert effect.share_since == 28 / 49
    assert effect.verdict.startswith("No clear change: 6 in the 3 weeks before, 6 in the 4 weeks since")


def test_an_episode_logged_before_joining_starts_the_history_earlier():
    joined = at(START - timedelta(days=5))
    first_episode = at(START - timedelta(days=20))
    athlete = User(date_joined=joined)
    assert insights.history_start(athlete, first_episode) == first_episode
    assert insights.history_start(athlete, None) == joined
    assert insights.history_start(athlete, at(START)) == joined


def test_cramps_on_the_start_day_before_the_plan_was_made_count_on_neither_side():
    made_at_eleven = plan(created_at=at(START, hour=11))
    times = [at(START, hour=9), at(START, hour=10), at(START, hour=12)]
    effect = counted_effect(made_at_eleven, times, today=START, history_start=LONG_AGO)
    assert (effect.before, effect.after) == (0, 1)
    # A plan made before its start day counts the whole day.
    made_the_day_before = plan(created_at=at(START - timedelta(days=1), hour=18))
    effect = counted_effect(made_the_day_before, times, today=START, history_start=LONG_AGO)
    assert (effect.before, effect.after) == (0, 3)


def test_ten_days_of_history_is_too_little_data():
    # Ten quiet days before the start used to read as "197% more cramps" against a 28-day baseline.
    times = before(3, 8) + since(*range(0, 28, 3))
    effect = effect_of(times, history_start=at(START - timedelta(days=10)))
    assert effect.days_before == 10
    assert not effect.enough_data
    assert effect.rate_ratio is None
    assert effect.p_value is None
    assert effect.verdict == ""


@pytest.mark.parametrize(
    ("days_before", "days_since", "enough"),
    [(14, 14, True), (13, 28, False), (28, 13, False), (28, 28, True)],
)
def test_a_verdict_needs_two_weeks_on_each_side(days_before, days_since, enough):
    times = before(*range(1, 13, 2)) + since(*range(0, 13, 2))  # 6 on each side, within 13 days
    effect = effect_of(times, history_start=at(START - timedelta(days=days_before)), days_since=days_since)
    assert (effect.days_before, effect.days_since) == (days_before, days_since)
    assert effect.enough_data is enough
    assert (effect.verdict != "") is enough


def test_one_before_and_none_since_is_too_few_to_tell_never_100_percent_fewer():
    effect = effect_of(before(3))
    assert effect.enough_data
    assert effect.kind == "too-few"
    assert effect.verdict == "Too few cramps to tell: 1 before, 0 since."
    assert "%" not in effect.verdict + effect.interval_text


@pytest.mark.parametrize(
    ("n_before", "n_since", "kind"),
    [(5, 5, "unclear"), (4, 8, "unclear"), (8, 4, "unclear"), (0, 6, "more"), (3, 2, "too-few"), (9, 1, "fewer")],
)
def test_the_counts_on_both_sides_decide_the_verdict_by_the_exact_test(n_before, n_since, kind):
    times = before(*range(1, n_before + 1)) + since(*range(n_since))
    assert effect_of(times).kind == kind


def test_template_effects_add_up_the_athletes_cramps_and_days(coach, athlete, other_athlete):
    from library.tests.factories import make_template

    exercise = make_exercise()
    template = make_template("calf-endurance", name="Calf endurance", exercises=[exercise])
    for who, before_count, after_count in ((athlete, 10, 5), (other_athlete, 6, 6)):
        who.date_joined = timezone.now() - timedelta(days=90)
        who.save(update_fields=["date_joined"])
        a = assign(coach, who, [exercise], template=template, start_days_ago=27)  # 28 days since, today included
        for i in range(before_count):
            make_episode(who, days_ago=29 + 3 * i // 2)
        for i in range(after_count):
            make_episode(who, days_ago=1 + i)
        assert a.is_active
    rows = insights.template_effects(RoutineAssignment.objects.all())
    # 10 to 5 and 6 to 6, each over 28 days a side: 16 to 11 over 56 days, no average of percentages.
    assert rows == [("Calf endurance", insights.Effect(before=16, after=11, days_before=56, days_since=56), 2)]
    assert rows[0][1].kind == "unclear"


def test_template_effects_leave_out_athletes_with_too_little_history(coach, athlete):
    from library.tests.factories import make_template

    exercise = make_exercise()
    template = make_template("calf-endurance", name="Calf endurance", exercises=[exercise])
    assign(coach, athlete, [exercise], template=template, start_days_ago=20)  # joined today: no history before
    for i in range(8):
        make_episode(athlete, days_ago=25 + i)  # logged after joining, but 25 to 32 days back
    for i in range(6):
        make_episode(athlete, days_ago=1 + i)
    rows = insights.template_effects(RoutineAssignment.objects.all())
    # The first episode starts the history 32 days back: 12 days before the start, too few.
    assert rows == []


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
    assert "1 done of 3 sessions due so far (33%)" in body


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
    assert "2 done of 3 sessions due so far (67%)" in body
    assert "Too little data yet" in body


def test_the_routine_page_says_too_few_cramps_to_tell_with_one_before_and_none_since(athlete_client, athlete, coach):
    athlete.date_joined = timezone.now() - timedelta(days=60)
    athlete.save(update_fields=["date_joined"])
    assign(coach, athlete, [make_exercise()], start_days_ago=20)
    make_episode(athlete, days_ago=25)
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Before: 1 episode in 28 days before the start (0.3 a week)" in body
    assert "Since: 0 episodes in 21 days (0.0 a week)" in body
    assert "Too few cramps to tell: 1 before, 0 since." in body
    assert "100% fewer" not in body


def test_the_routine_page_says_when_there_is_no_history_before_the_start(athlete_client, routine):
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Before: no history before the start." in body
    assert "Too little data yet: a verdict needs two weeks of history on each side of the start" in body
    assert "(0 days before) (7 days since)" in body


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
    # + the athletes' comments no coach has read, counted in one query; + the session's two-factor device
    assert fifty <= 16


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
