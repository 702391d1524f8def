"""Habits are counted by the day: a plan of habits only asks for no sessions a week and reads "habits kept on N
of M days"; a plan of both counts its sessions and its habit days, each in its own words; a plan of exercises
counts sessions as it always has. The editor asks for sessions a week only when the plan has an exercise."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.forms import HABITS_ONLY_SESSIONS_PER_WEEK
from athletes.insights.adherence import asking_days
from athletes.models import PlanChange, RoutineAssignment, RoutineSession
from library.tests.factories import make_exercise, make_strategy

from .coaching import assign, do_sessions, link

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)
NO_EFFECT = insights.Effect(before=0, after=0, days_before=0, days_since=0)


def plan(**fields):
    return RoutineAssignment(**{"name": "r", "start_date": START, "sessions_per_week": 3, "weeks": 4, **fields})


def day(n):
    return START + timedelta(days=n)


# Counting, on constructed dates -------------------------------------------------


def test_a_habit_day_counts_once_it_is_over_and_today_only_once_kept():
    assert insights.habit_days(plan(), kept_on=[], today=START) == insights.HabitDays(kept=0, days=0)
    assert insights.habit_days(plan(), kept_on=[START], today=START) == insights.HabitDays(kept=1, days=1)
    assert insights.habit_days(plan(), kept_on=[day(0), day(2)], today=day(4)) == insights.HabitDays(kept=2, days=4)
    assert insights.habit_days(plan(), kept_on=[day(0), day(4)], today=day(4)) == insights.HabitDays(kept=2, days=5)


def test_habit_days_stop_at_the_end_of_the_plan_and_start_with_its_first_habit():
    ended = plan(weeks=1)
    assert insights.habit_days(ended, kept_on=[day(1)], today=day(30)) == insights.HabitDays(kept=1, days=7)
    later = insights.habit_days(plan(), kept_on=[day(3), day(4)], today=day(6), since=day(3))
    assert later == insights.HabitDays(kept=2, days=3)
    assert insights.habit_days(plan(), kept_on=[], today=START - timedelta(days=1)).days == 0


def test_a_session_that_ticked_only_habits_is_a_kept_day_not_a_session():
    sessions = [RoutineSession(pk=n, performed_on=day(n)) for n in (1, 2, 3, 4)]
    ticked = {1: {10}, 2: {10, 20}, 3: {20}, 4: set()}  # 10 an exercise, 20 a habit; 4 ticked nothing
    done, kept = insights.sessions_and_kept_days(sessions, ticked=ticked, habit_ids={20})
    assert done == 3
    assert kept == {day(2), day(3)}


def test_without_habits_every_session_counts_as_it_did():
    sessions = [RoutineSession(pk=n, performed_on=day(n)) for n in (1, 2)]
    assert insights.sessions_and_kept_days(sessions, ticked={1: {10}}, habit_ids=set()) == (2, set())


def test_progress_of_a_plan_of_habits_only_is_in_days_with_nothing_due():
    kinds = insights.PlanKinds(exercises_from=None, habits_from=START)
    progress = insights.routine_progress(
        plan(), sessions_done=0, today=day(4), effect=NO_EFFECT, kinds=kinds, kept_on=[day(0), day(1), day(3)]
    )
    assert (progress.has_exercises, progress.due, progress.adherence) == (False, 0, None)
    assert progress.habits == insights.HabitDays(kept=3, days=4)


def test_progress_of_a_plan_of_both_counts_each():
    kinds = insights.PlanKinds(exercises_from=START, habits_from=START)
    progress = insights.routine_progress(
        plan(), sessions_done=1, today=day(7), effect=NO_EFFECT, kinds=kinds, kept_on=[day(n) for n in range(5)]
    )
    assert (progress.done, progress.due) == (1, 3)
    assert progress.habits == insights.HabitDays(kept=5, days=7)


def test_progress_of_a_plan_of_exercises_is_unchanged():
    progress = insights.routine_progress(plan(), sessions_done=2, today=day(7), effect=NO_EFFECT)
    assert (progress.has_exercises, progress.done, progress.due, progress.habits) == (True, 2, 3, None)
    assert progress.adherence == pytest.approx(2 / 3)


def test_a_plan_without_any_item_is_counted_in_sessions_from_its_start():
    kinds = insights.plan_kinds([])
    progress = insights.routine_progress(plan(), sessions_done=1, today=day(7), effect=NO_EFFECT, kinds=kinds)
    assert (progress.has_exercises, progress.due, progress.habits) == (True, 3, None)


def test_sessions_are_due_from_the_day_the_plan_first_had_an_exercise():
    kinds = insights.PlanKinds(exercises_from=day(7), habits_from=START)
    progress = insights.routine_progress(plan(), sessions_done=0, today=day(14), effect=NO_EFFECT, kinds=kinds)
    assert progress.due == 3  # the first week was habits only: three a week from the second


# On the pages ----------------------------------------------------------------------


@pytest.fixture
def fluids(db):
    return make_strategy("start-sessions-hydrated", name="Start sessions hydrated")


@pytest.fixture
def sodium(db):
    return make_strategy("sodium", name="Sodium replacement")


@pytest.fixture
def calf(db):
    return make_exercise("slow-calf-raises", name="Slow calf raises")


def keep(assignment, *items, days_ago):
    session = RoutineSession.objects.create(
        assignment=assignment, performed_on=timezone.localdate() - timedelta(days=days_ago)
    )
    session.completed_items.set(items)
    return session


def test_a_plan_of_habits_only_reads_habits_kept_on_days_for_athlete_and_coach(client, coach, athlete, fluids, sodium):
    link(coach, athlete)
    plan = assign(coach, athlete, [], habits=[fluids, sodium], start_days_ago=3, sessions_per_week=7)
    fluid_item = plan.items.get(strategy=fluids)
    keep(plan, fluid_item, days_ago=3)
    keep(plan, fluid_item, days_ago=1)

    client.force_login(athlete)
    routine = client.get(reverse("athletes:routine")).content.decode()
    assert "Habits kept on 2 of 3 days" in routine
    assert "Habits, counted by the day, for 4 weeks" in routine
    assert "sessions due" not in routine
    assert "sessions a week" not in routine

    client.force_login(coach)
    page = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "Habits kept on 2 of 3 days" in page
    assert "sessions due" not in page
    response = client.get(reverse("athletes:dashboard"))
    row = response.context["rows"][0]
    assert (row.adherence, row.habits) == (None, insights.HabitDays(kept=2, days=3))
    assert "Habits kept on 2 of 3 days" in response.content.decode()
    assert "% adherence" not in response.content.decode()


def test_a_plan_of_both_reads_sessions_and_habit_days_each_in_its_own_words(client, coach, athlete, calf, fluids):
    link(coach, athlete)
    plan = assign(coach, athlete, [calf], habits=[fluids], start_days_ago=6)
    exercise, habit = plan.items.get(exercise=calf), plan.items.get(strategy=fluids)
    keep(plan, exercise, habit, days_ago=6)
    for days_ago in (5, 4, 2):
        keep(plan, habit, days_ago=days_ago)  # habits alone: kept days, not sessions

    client.force_login(athlete)
    routine = client.get(reverse("athletes:routine")).content.decode()
    assert "1 done of 3 sessions due so far (33%)" in routine
    assert "Habits kept on 4 of 6 days" in routine
    assert "3 sessions a week for 4 weeks" in routine

    client.force_login(coach)
    response = client.get(reverse("athletes:dashboard"))
    row = response.context["rows"][0]
    assert row.adherence == pytest.approx(1 / 3)
    assert row.habits == insights.HabitDays(kept=4, days=6)
    body = response.content.decode()
    assert "33% adherence" in body
    assert "Habits kept on 4 of 6 days" in body
    coach_page = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "1 done of 3 sessions due so far (33%)" in coach_page
    assert "Habits kept on 4 of 6 days" in coach_page


def test_a_plan_of_exercises_counts_sessions_as_before(client, coach, athlete, calf):
    link(coach, athlete)
    plan = assign(coach, athlete, [calf], start_days_ago=6)
    do_sessions(plan, 2)  # nothing ticked: counted, as they always were
    client.force_login(coach)
    response = client.get(reverse("athletes:dashboard"))
    row = response.context["rows"][0]
    assert (row.adherence, row.habits) == (pytest.approx(2 / 3), None)
    assert "Habits kept" not in response.content.decode()
    client.force_login(athlete)
    routine = client.get(reverse("athletes:routine")).content.decode()
    assert "2 done of 3 sessions due so far (67%)" in routine
    assert "Habits kept" not in routine


def test_a_habit_only_plan_with_little_kept_needs_attention_on_the_dashboard(client, coach, athlete, fluids):
    link(coach, athlete)
    plan = assign(coach, athlete, [], habits=[fluids], start_days_ago=6)
    keep(plan, plan.items.get(), days_ago=6)
    client.force_login(coach)
    row = client.get(reverse("athletes:dashboard")).context["rows"][0]
    assert row.habits == insights.HabitDays(kept=1, days=6)
    assert "low adherence" in row.attention


# The editor ---------------------------------------------------------------------------


def _editor_data(rows, **schedule):
    data = {
        "name": "My plan",
        "start_date": timezone.localdate().isoformat(),
        "weeks": 4,
        "note": "",
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": 0,
        **schedule,
    }
    for n, row in enumerate(rows):
        data.update({f"items-{n}-{name}": value for name, value in row.items()})
    return data


def test_a_plan_of_habits_only_is_assigned_without_sessions_a_week(coach_client, coach, athlete, fluids):
    link(coach, athlete)
    data = _editor_data([{"strategy": fluids.pk, "dose": "500 ml before training"}])
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data)
    assert response.status_code == 302
    assert RoutineAssignment.objects.get(athlete=athlete).sessions_per_week == HABITS_ONLY_SESSIONS_PER_WEEK


def test_a_plan_with_an_exercise_still_needs_sessions_a_week(coach_client, coach, athlete, calf, fluids):
    link(coach, athlete)
    rows = [{"exercise": calf.pk, "reps": 10}, {"strategy": fluids.pk, "dose": "500 ml"}]
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), _editor_data(rows))
    assert response.status_code == 200
    assert "Say how many sessions a week the exercises take (1 to 7)." in response.content.decode()
    assert not RoutineAssignment.objects.exists()


def test_the_editor_hides_sessions_a_week_for_a_plan_of_habits_only(coach_client, coach, athlete, fluids, calf):
    link(coach, athlete)
    assign(coach, athlete, [], habits=[fluids])
    page = coach_client.get(reverse("athletes:edit-routine", args=[athlete.pk])).content.decode()
    assert 'name="sessions_per_week"' not in page
    assert "Habits only: they are counted by the day" in page


def test_changing_a_plan_to_habits_only_keeps_its_rate_and_records_no_new_one(
    coach_client, coach, athlete, calf, fluids
):
    link(coach, athlete)
    plan = assign(coach, athlete, [calf], habits=[fluids], sessions_per_week=3)
    habit = plan.items.get(strategy=fluids)
    data = _editor_data([{"strategy": fluids.pk, "dose": habit.dose}], name=plan.name, message="")
    response = coach_client.post(reverse("athletes:edit-routine", args=[athlete.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.sessions_per_week == 3
    change = PlanChange.objects.get(assignment=plan)
    assert change.sessions_per_week_after is None
    assert "removed Slow calf raises" in change.summary


# Adding an item by searching ---------------------------------------------------------


def test_the_add_button_adds_the_item_named_and_saves_nothing(coach_client, coach, athlete, calf, fluids):
    link(coach, athlete)
    data = _editor_data([{"item": "slow CALF raises"}], sessions_per_week=3, add="1")
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data)
    assert response.status_code == 200
    assert not RoutineAssignment.objects.exists()
    rows = response.context["formset"].rows
    assert [(row.chosen.item, row.dose_in_words) for row in rows] == [(calf, "3 × 15 reps")]
    body = response.content.decode()
    assert "Slow calf raises</span> — 3 × 15 reps" in body
    assert "please fix" not in body  # nothing is checked until it is saved


def test_some_words_list_the_items_that_hold_them_and_one_tap_adds_it(coach_client, coach, athlete, fluids, sodium):
    link(coach, athlete)
    data = _editor_data([{"item": "sodium"}], add="1")
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data)
    search = response.context["formset"].search
    assert [match.item for match in search.matches] == [sodium]
    assert 'name="add_item" value="habit-' in response.content.decode()

    data = _editor_data([{"item": "sodium"}], add_item=f"habit-{sodium.pk}")
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data)
    (row,) = response.context["formset"].rows
    assert (row.chosen.item, row.initial["open"]) == (sodium, True)


def test_words_no_name_holds_say_so(coach_client, coach, athlete, fluids):
    link(coach, athlete)
    data = _editor_data([{"item": "quinine"}], add="1")
    body = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data).content.decode()
    assert "No exercise or habit in the library has “quinine” in its name." in body


def test_a_name_typed_and_saved_without_add_is_saved_with_the_librarys_dose(coach_client, coach, athlete, calf):
    link(coach, athlete)
    data = _editor_data([{"item": "Slow calf raises"}], sessions_per_week=3)
    assert coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data).status_code == 302
    item = RoutineAssignment.objects.get(athlete=athlete).items.get()
    assert (item.exercise, item.sets, item.reps) == (calf, 3, 15)


def test_a_name_not_in_the_library_is_refused_beside_the_search(coach_client, coach, athlete, calf):
    link(coach, athlete)
    data = _editor_data([{"item": "Slow calf"}], sessions_per_week=3)
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data)
    assert "Nothing in the library is called “Slow calf”: pick a name from the list." in response.content.decode()
    assert not RoutineAssignment.objects.exists()


def test_the_editor_has_no_placeholder_dashes_and_no_jargon(coach_client, coach, athlete, calf, fluids):
    link(coach, athlete)
    assign(coach, athlete, [calf], habits=[fluids])
    page = coach_client.get(reverse("athletes:edit-routine", args=[athlete.pk])).content.decode()
    form = page[page.index('<form method="post" novalidate class="plan-editor">') :]
    for word in ("---------", "RPE", "Order"):
        assert word not in form
    assert "Position" in form
    assert "Remove from the plan" in form


# What a plan asks each day: reminders and the calendar -----------------------------


def test_a_plan_of_habits_alone_asks_every_day_and_one_with_exercises_on_its_session_days():
    three_a_week = plan(sessions_per_week=3)
    asked = asking_days(three_a_week, start=START, days=7)
    assert asked == [day(0), day(2), day(4)]
    every_day = asking_days(three_a_week, start=START, days=7, habits_only=True)
    assert every_day == [day(n) for n in range(7)]
    assert asking_days(plan(weeks=1), start=day(5), days=7, habits_only=True) == [day(5), day(6)]


def test_a_plan_changed_to_habits_alone_is_in_the_calendar_every_day(coach, athlete):
    from athletes.calendar_feed import plan_calendar

    link(coach, athlete)
    kept = assign(coach, athlete, [make_exercise()], habits=[make_strategy()], sessions_per_week=3, weeks=4)
    kept.items.filter(exercise__isnull=False).update(removed_at=timezone.now())  # the exercise left the plan
    events = plan_calendar(athlete.athlete_profile).walk("VEVENT")
    assert len(events) == 28  # every day of the four weeks, not three a week
