"""Coaches follow, change and end a plan; feedback reaches them; past plans stay in view."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from athletes import insights, services
from athletes.models import AssignedItem, PlanChange, RoutineAssignment, RoutineSession
from conftest import count_queries
from library.tests.factories import make_exercise, make_strategy

from .coaching import assign, do_sessions, link

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(coach, athlete):
    link(coach, athlete)
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    sleep = make_strategy("sleep-well", name="Sleep well")
    return assign(coach, athlete, [calf], habits=[(sleep, "7 hours in bed")], start_days_ago=6)


def edit_data(plan, rows, **schedule):
    """The change editor's POST: the schedule, then `rows` as dicts of item fields."""
    data = {
        "name": plan.name,
        "sessions_per_week": plan.sessions_per_week,
        "weeks": plan.weeks,
        "note": plan.note,
        "message": "",
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": 0,
        **schedule,
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if value is not None:
                data[f"items-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
        data[f"items-{i}-ORDER"] = i + 1
    return data


def rows_of(plan, **changes):
    """The plan's current rows; `changes` maps an item's name to the fields to change on it."""
    rows = []
    for item in plan.items.filter(removed_at__isnull=True):
        row = {"exercise": item.exercise, "sets": item.sets, "reps": item.reps, "hold_seconds": item.hold_seconds}
        row = row if item.exercise else {}
        row = row or {"strategy": item.strategy, "dose": item.dose}
        rows.append({**row, **changes.get(item.name, {})})
    return rows


def session(plan, *, days_ago=0, helped="yes", discomfort=False, note="", items=None):
    done = RoutineSession.objects.create(
        assignment=plan,
        performed_on=timezone.localdate() - timedelta(days=days_ago),
        helped=helped,
        discomfort=discomfort or bool(note),
        discomfort_note=note,
    )
    done.completed_items.set(items if items is not None else plan.items.all())
    return done


def athlete_page(client, athlete):
    return client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()


# The coach follows the plan ------------------------------------------------------


def test_the_coach_sees_the_active_plan_whole_with_each_sessions_feedback(coach_client, athlete, plan):
    session(plan, days_ago=2, helped="a_little", note="tight left calf")
    body = athlete_page(coach_client, athlete)
    assert "Slow calf raises</span> — 3 × 15 reps" in body
    assert 'Sleep well</span> <span class="badge text-bg-light border">habit</span> — 7 hours in bed' in body
    assert "3 sessions a week for 4 weeks" in body
    start = plan.start_date
    assert f"{start:%-d %b %Y} to {start + timedelta(days=27):%-d %b %Y}" in body
    assert 'Did it help? <span class="helped-a_little">A little</span>' in body
    assert "Discomfort: “tight left calf”" in body
    assert "Done: Slow calf raises (3 × 15 reps), Sleep well (7 hours in bed)" in body


# The coach changes the plan --------------------------------------------------------


def test_a_coach_changes_a_dose_and_the_sessions_per_week(coach_client, athlete, plan):
    done = session(plan, days_ago=1)
    response = coach_client.post(
        reverse("athletes:edit-routine", args=[athlete.pk]),
        edit_data(plan, rows_of(plan, **{"Slow calf raises": {"reps": 20}}), sessions_per_week=4, message="Stronger"),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.sessions_per_week == 4
    current = list(plan.items.filter(removed_at__isnull=True))
    assert [(item.name, item.dose_in_words) for item in current] == [
        ("Slow calf raises", "3 × 20 reps"),
        ("Sleep well", "7 hours in bed"),
    ]
    change = PlanChange.objects.get(assignment=plan)
    assert change.summary == "sessions a week 3 → 4; Slow calf raises: 3 × 15 reps → 3 × 20 reps"
    assert change.message == "Stronger"
    # The past session still ticks the old dose.
    assert sorted(item.dose_in_words for item in done.completed_items.all()) == ["3 × 15 reps", "7 hours in bed"]


def test_the_athlete_sees_what_changed_and_when(client, coach, athlete, plan):
    services.change_plan(
        plan,
        coach=coach,
        items=rows_of(plan, **{"Slow calf raises": {"reps": 20}}),
        message="You are ready.",
        name=plan.name,
        sessions_per_week=4,
        weeks=plan.weeks,
        note="",
    )
    client.force_login(athlete)
    body = client.get(reverse("athletes:routine")).content.decode()
    today = timezone.localdate()
    assert f"Casey changed this plan on {today:%-d %b}:</span> sessions a week 3 → 4; Slow calf raises" in body
    assert "“You are ready.”" in body
    assert "4 sessions a week" in body
    assert "3 × 20 reps" in body


def test_the_athlete_is_emailed_about_a_change(coach, athlete, plan, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_plan(
            plan, coach=coach, items=rows_of(plan), name=plan.name, sessions_per_week=5, weeks=plan.weeks, note=""
        )
    assert mail.outbox[-1].subject == "Cramps: Casey changed your plan"
    assert "sessions a week 3 → 5" in mail.outbox[-1].body


def test_a_removed_item_stays_for_history_but_leaves_the_session(client, coach, athlete, plan):
    calf = plan.items.get(exercise__isnull=False)
    done = session(plan, days_ago=1, items=[calf])
    rows = [row for row in rows_of(plan) if "strategy" in row]
    services.change_plan(plan, coach=coach, items=rows, name=plan.name, sessions_per_week=3, weeks=4, note="")
    calf.refresh_from_db()
    assert calf.removed_at is not None
    assert list(done.completed_items.all()) == [calf]
    assert PlanChange.objects.get().summary == "removed Slow calf raises"
    client.force_login(athlete)
    routine_page = client.get(reverse("athletes:routine"))
    assert [item.name for item in routine_page.context["exercises"] + routine_page.context["habits"]] == ["Sleep well"]
    # Ticking the removed item today is refused.
    client.post(reverse("athletes:routine"), {"completed_items": [calf.pk], "helped": "yes"})
    assert not RoutineSession.objects.filter(performed_on=timezone.localdate()).exists()
    page = athlete_page_as(client, coach, athlete)
    assert "replaced or taken out by a change: Slow calf raises (3 × 15 reps)" in page


def athlete_page_as(client, coach, athlete):
    client.force_login(coach)
    return athlete_page(client, athlete)


def test_adding_an_item_and_reordering_keeps_the_rows_unchanged_rows(coach, plan):
    kept = set(plan.items.values_list("pk", flat=True))
    bridge = make_exercise("hamstring-bridges", name="Hamstring bridges", reps=5)
    rows = [{"exercise": bridge, "sets": 2, "reps": 5}, *reversed(rows_of(plan))]
    change = services.change_plan(plan, coach=coach, items=rows, name=plan.name, sessions_per_week=3, weeks=4, note="")
    assert change.summary == "added Hamstring bridges (2 × 5 reps)"
    current = list(plan.items.filter(removed_at__isnull=True).order_by("position"))
    assert [item.name for item in current] == ["Hamstring bridges", "Sleep well", "Slow calf raises"]
    assert kept <= {item.pk for item in current}


def test_a_plan_that_ended_meanwhile_is_not_changed(coach, plan):
    stale = RoutineAssignment.objects.get(pk=plan.pk)
    services.end_assignment(plan, by=coach, reason="Over.")
    with pytest.raises(RoutineAssignment.DoesNotExist):
        services.change_plan(stale, coach=coach, items=rows_of(plan), name="New", sessions_per_week=5, weeks=4, note="")
    assert not PlanChange.objects.exists()


def test_saving_without_a_change_records_nothing(coach_client, athlete, plan):
    response = coach_client.post(reverse("athletes:edit-routine", args=[athlete.pk]), edit_data(plan, rows_of(plan)))
    assert response.status_code == 302
    assert not PlanChange.objects.exists()
    assert not AssignedItem.objects.filter(removed_at__isnull=False).exists()


def test_the_editor_starts_from_the_plan_as_it_stands(coach_client, athlete, plan):
    response = coach_client.get(reverse("athletes:edit-routine", args=[athlete.pk]))
    assert response.context["form"]["sessions_per_week"].value() == 3
    assert [row["dose"] or row["reps"] for row in response.context["formset"].initial] == [15, "7 hours in bed"]
    assert "it ends on" in response.content.decode()


def test_a_plan_cannot_be_shortened_into_the_past(coach_client, athlete, coach):
    link(coach, athlete)
    old = assign(coach, athlete, [make_exercise()], start_days_ago=20, weeks=6)
    response = coach_client.post(
        reverse("athletes:edit-routine", args=[athlete.pk]), edit_data(old, rows_of(old), weeks=2)
    )
    assert "To stop it now, end the plan instead." in response.content.decode()
    old.refresh_from_db()
    assert old.weeks == 6


def test_a_plan_needs_an_item_after_a_change(coach_client, athlete, plan):
    response = coach_client.post(reverse("athletes:edit-routine", args=[athlete.pk]), edit_data(plan, []))
    assert "A plan needs at least one exercise or habit." in response.content.decode()
    assert plan.items.filter(removed_at__isnull=True).count() == 2


def test_there_is_nothing_to_change_without_an_active_plan(coach_client, athlete, coach):
    link(coach, athlete)
    assert coach_client.get(reverse("athletes:edit-routine", args=[athlete.pk])).status_code == 404
    assert coach_client.get(reverse("athletes:end-routine", args=[athlete.pk])).status_code == 404


def test_another_coachs_post_changes_nothing(client, other_coach, athlete, plan):
    client.force_login(other_coach)
    response = client.post(reverse("athletes:edit-routine", args=[athlete.pk]), edit_data(plan, [], weeks=8))
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.weeks == 4


def test_an_athlete_cannot_open_the_coachs_editor(athlete_client, athlete, plan):
    response = athlete_client.get(reverse("athletes:edit-routine", args=[athlete.pk]))
    assert response.status_code in (403, 404)


# Ending a plan -------------------------------------------------------------------------


def test_ending_asks_first_and_needs_a_reason(coach_client, athlete, plan):
    url = reverse("athletes:end-routine", args=[athlete.pk])
    page = coach_client.get(url).content.decode()
    assert "End Slow calf raises" in page or f"End {plan.name}?" in page
    assert "Why end it? The athlete reads this." in page
    response = coach_client.post(url, {"reason": ""})
    assert "Say why you are ending the plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.is_active


def test_the_athlete_reads_why_the_plan_ended_what_it_achieved_and_what_next(client, coach, athlete, plan):
    session(plan, days_ago=1, note="sore shin")
    client.force_login(coach)
    client.post(reverse("athletes:end-routine", args=[athlete.pk]), {"reason": "Your shin needs a rest."})
    plan.refresh_from_db()
    assert (plan.is_active, plan.end_reason, plan.ended_by) == (False, "Your shin needs a rest.", coach)
    client.force_login(athlete)
    body = client.get(reverse("athletes:routine")).content.decode()
    assert "You have no routine yet" not in body
    assert f"{plan.name} has ended" in body
    assert "Casey ended it on" in body
    assert "“Your shin needs a rest.”" in body
    assert "1 done of 3 sessions due (33%)" in body  # it has ended: not "so far"
    assert "Ask Casey for your next plan" in body
    assert "Discomfort: “sore shin”" in body
    assert "Earlier plans" not in body  # the only plan shows once, above


def test_an_athlete_who_stops_reads_that_they_stopped_it(athlete_client, athlete, plan):
    athlete_client.post(reverse("athletes:stop-routine"))
    plan.refresh_from_db()
    assert plan.ended_by == athlete
    assert "You stopped it on" in athlete_client.get(reverse("athletes:routine")).content.decode()


def test_a_new_plan_ends_the_old_one_saying_so(coach, athlete, plan):
    assign(coach, athlete, [make_exercise()])
    plan.refresh_from_db()
    assert plan.end_reason.startswith("Replaced by ")
    assert plan.ended_by == coach


def test_the_database_keeps_end_reasons_for_ended_plans_only(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineAssignment.objects.filter(pk=plan.pk).update(end_reason="Because")


# History stays -----------------------------------------------------------------------------


def test_both_sides_see_every_past_plan_with_its_sessions(client, coach, athlete, plan):
    session(plan, days_ago=3, helped="no")
    services.end_assignment(plan, by=coach, reason="Done for now.")
    second = assign(coach, athlete, [make_exercise("long-hold", name="Long hold", reps=None, hold_seconds=45)])
    session(second, helped="yes")
    client.force_login(coach)
    coach_body = athlete_page(client, athlete)
    client.force_login(athlete)
    athlete_body = client.get(reverse("athletes:routine")).content.decode()
    for body in (coach_body, athlete_body):
        assert "Past plans" in body
        assert "“Done for now.”" in body
        assert '<span class="helped-no">No</span>' in body
    assert "Long hold (3 × hold 45 s)" in coach_body
    assert "Your sessions so far" in athlete_body


def test_a_coach_page_without_plans_says_what_to_do(coach_client, coach, athlete):
    link(coach, athlete)
    body = athlete_page(coach_client, athlete)
    assert "No active plan. Assign one of the suggestions above" in body
    assert "None yet: ended plans stay here" in body


def test_history_pages_do_not_grow_with_changes_and_past_plans(client, coach, athlete, plan):
    pages = [(coach, reverse("athletes:coach-athlete", args=[athlete.pk])), (athlete, reverse("athletes:routine"))]
    session(plan, days_ago=1)
    before = []
    for who, url in pages:
        client.force_login(who)
        before.append(count_queries(client, url))
    for weeks in (5, 6, 7):
        services.change_plan(
            plan,
            coach=coach,
            items=rows_of(plan, **{"Slow calf raises": {"reps": 10 + weeks}}),
            name=plan.name,
            sessions_per_week=3,
            weeks=weeks,
            note="",
        )
        session(plan, days_ago=weeks)
    do_sessions(assign(coach, athlete, [make_exercise()], habits=[make_strategy()], start_days_ago=30), 5)
    after = []
    for who, url in pages:
        client.force_login(who)
        after.append(count_queries(client, url))
    assert after == before


# Feedback reaches the coach -----------------------------------------------------------------


class Said:
    """A session as session_feedback reads it."""

    def __init__(self, days_ago, helped="yes", discomfort=False, note=""):
        self.performed_on = TODAY - timedelta(days=days_ago)
        self.helped, self.discomfort, self.discomfort_note = helped, discomfort or bool(note), note


TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("sessions", "reasons"),
    [
        ([Said(0)], []),
        (
            [Said(2, note="left knee")],
            [f"discomfort after the session on {TODAY - timedelta(days=2):%-d %b}: “left knee”"],
        ),
        ([Said(1, discomfort=True)], [f"discomfort after the session on {TODAY - timedelta(days=1):%-d %b}"]),
        (
            [Said(1, note="shin"), Said(4, note="knee")],
            [f"discomfort after 2 sessions, the latest on {TODAY - timedelta(days=1):%-d %b}: “shin”"],
        ),
        ([Said(13, note="knee")], [f"discomfort after the session on {TODAY - timedelta(days=13):%-d %b}: “knee”"]),
        ([Said(14, note="knee")], []),  # older than two weeks
        ([Said(1, "no"), Said(3, "no")], ["two sessions in a row did not help"]),
        ([Said(1, "no")], []),
        ([Said(1, "yes"), Said(3, "no"), Said(5, "no")], []),  # the latest helped
        ([Said(1, "no"), Said(3, "not_sure"), Said(5, "no")], []),  # not in a row
        ([Said(1, "no"), Said(20, "no")], []),  # one of them is not recent
    ],
)
def test_session_feedback_raises_discomfort_and_two_sessions_that_did_not_help(sessions, reasons):
    assert insights.session_feedback(sessions, today=TODAY) == reasons


def test_a_long_discomfort_note_is_shortened_on_the_dashboard():
    (reason,) = insights.session_feedback([Said(0, note="x" * 200)], today=TODAY)
    assert len(reason) < 120


def test_the_dashboard_puts_an_athlete_with_discomfort_first_saying_why(
    coach_client, coach, athlete, other_athlete, plan
):
    link(coach, other_athlete)
    assign(coach, other_athlete, [make_exercise()], start_days_ago=6)
    session(plan, days_ago=1, note="sharp pain behind the knee")
    rows = coach_client.get(reverse("athletes:dashboard")).context["rows"]
    assert [row.athlete for row in rows] == [athlete, other_athlete]
    assert rows[0].attention[0].startswith("discomfort after the session on")
    body = coach_client.get(reverse("athletes:dashboard") + "?show=attention").content.decode()
    assert "Needs attention: discomfort after the session on" in body
    assert "“sharp pain behind the knee”" in body


def test_an_ended_plans_feedback_does_not_flag_the_athlete(coach_client, coach, athlete, plan):
    session(plan, days_ago=1, note="knee")
    services.end_assignment(plan, by=coach, reason="Knee first.")
    (row,) = coach_client.get(reverse("athletes:dashboard")).context["rows"]
    assert row.attention == []


def test_two_sessions_that_did_not_help_flag_the_athlete(coach_client, athlete, plan):
    session(plan, days_ago=3, helped="no")
    session(plan, days_ago=1, helped="no")
    (row,) = coach_client.get(reverse("athletes:dashboard")).context["rows"]
    assert "two sessions in a row did not help" in row.attention


def test_a_change_to_the_plan_answers_the_feedback_before_it(coach_client, coach, athlete, plan):
    session(plan, days_ago=2, note="knee")
    (row,) = coach_client.get(reverse("athletes:dashboard")).context["rows"]
    assert row.feedback
    PlanChange.objects.create(assignment=plan, changed_by=coach, summary="sessions a week 3 → 2")
    (row,) = coach_client.get(reverse("athletes:dashboard")).context["rows"]
    assert row.feedback == []
    session(plan, days_ago=0, note="knee again")  # saved after the change: it counts
    (row,) = coach_client.get(reverse("athletes:dashboard")).context["rows"]
    assert row.feedback[0].endswith("“knee again”")


def test_the_dashboard_reads_feedback_in_one_query_however_many_sessions(coach_client, coach, athlete, plan):
    session(plan, days_ago=1)
    coach_client.get(reverse("athletes:dashboard"))  # works out the athletes' summaries, which sessions do not change
    few = count_queries(coach_client, reverse("athletes:dashboard"))
    for days_ago in range(2, 12):
        session(plan, days_ago=days_ago, helped="no", note="knee")
    assert count_queries(coach_client, reverse("athletes:dashboard")) == few


# Small parts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"sets": 3, "reps": 15}, "3 × 15 reps"),
        ({"reps": 10}, "10 reps"),
        ({"hold_seconds": 30}, "hold 30 s"),
        ({"sets": 2, "reps": 8, "hold_seconds": 5}, "2 × 8 reps, hold 5 s"),
    ],
)
def test_an_exercises_dose_in_words(fields, words):
    assert AssignedItem(**fields).dose_in_words == words
