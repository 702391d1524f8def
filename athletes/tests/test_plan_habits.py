"""Plans hold habits as well as exercises, and every item shows how well the studies back it."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import AssignedItem, RoutineAssignment, RoutineSession
from library.models import RoutineTemplate, RoutineTemplateItem
from library.tests.factories import make_cause, make_claim, make_exercise, make_strategy, make_template

from .coaching import assign, link
from .factories import make_episodes

pytestmark = pytest.mark.django_db


@pytest.fixture
def night(coach, athlete):
    link(coach, athlete)
    cause = make_cause("nocturnal-cramps", name="Night-time cramps")
    stretch = make_exercise("toe-pull", name="Toe-pull stretch", reps=3, hold_seconds=30)
    make_claim(stretch, cause, "mixed", note="One trial helped, a larger one did not.")
    k2 = make_strategy("vitamin-k2", name="Vitamin K2", kind="supplement")
    make_claim(k2, cause, "supported", note="One trial in 199 older adults.")
    magnesium = make_strategy("magnesium", name="Magnesium supplement", kind="supplement")
    make_claim(magnesium, cause, "contradicted", note="Cochrane: unlikely to help.")
    socks = make_strategy("warm-socks", name="Warm socks", kind="circulation")
    make_claim(socks, cause)
    template = make_template(
        "night-cramp-plan",
        name="Night-cramp plan",
        causes=[cause],
        exercises=[stretch],
        habits=[(k2, "Only after talking to your doctor: 180 µg a day")],
    )
    return {"cause": cause, "stretch": stretch, "k2": k2, "magnesium": magnesium, "socks": socks, "template": template}


def _post(coach_client, athlete, rows, template="night-cramp-plan"):
    data = {
        "name": "Night-cramp plan",
        "start_date": timezone.localdate().isoformat(),
        "sessions_per_week": 7,
        "weeks": 4,
        "note": "",
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": 0,
    }
    for n, row in enumerate(rows):
        data.update({f"items-{n}-{name}": value for name, value in row.items()})
    return coach_client.post(reverse("athletes:assign", args=[athlete.pk]) + f"?template={template}", data)


# The database holds the rules ------------------------------------------------


def test_a_plan_item_cannot_be_both_an_exercise_and_a_habit(night):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineTemplateItem.objects.create(
            template=night["template"],
            position=9,
            exercise=night["stretch"],
            strategy=night["k2"],
            dose="Daily",
            reps=3,
        )


def test_a_plan_item_cannot_be_neither(night):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineTemplateItem.objects.create(template=night["template"], position=9, reps=3)


def test_an_assigned_habit_needs_a_dose(coach, athlete, night):
    assignment = assign(coach, athlete, [night["stretch"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignedItem.objects.create(assignment=assignment, position=2, strategy=night["k2"])


def test_a_grade_other_than_no_study_needs_a_reference(night):
    with pytest.raises(IntegrityError), transaction.atomic():
        night["socks"].claims.update(grade="weak")


def test_no_study_found_has_no_reference(night):
    claim = night["k2"].claims.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        night["k2"].claims.update(grade="none", reference=claim.reference)


# Assigning -------------------------------------------------------------------


def test_assigning_a_template_copies_its_habits_with_their_dose(coach, athlete, night):
    template = RoutineTemplate.objects.prefetch_related("items__exercise", "items__strategy").get(
        pk=night["template"].pk
    )
    assignment = services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=template,
        start_date=timezone.localdate(),
        sessions_per_week=7,
        weeks=4,
        note="",
        items=services.items_from_template(template),
    )
    items = list(assignment.items.order_by("position"))
    assert [(i.name, i.is_habit) for i in items] == [("Toe-pull stretch", False), ("Vitamin K2", True)]
    assert items[1].dose == "Only after talking to your doctor: 180 µg a day"
    assert (items[0].sets, items[0].reps, items[0].dose) == (3, 3, "")


def test_the_assign_editor_starts_from_the_templates_exercises_and_habits_with_their_grades(
    coach_client, athlete, night
):
    response = coach_client.get(reverse("athletes:assign", args=[athlete.pk]), {"template": "night-cramp-plan"})
    forms = response.context["formset"].forms
    assert forms[0].initial["exercise"] == night["stretch"]
    assert (forms[1].initial["strategy"], forms[1].initial["dose"]) == (
        night["k2"],
        "Only after talking to your doctor: 180 µg a day",
    )
    body = response.content.decode()
    assert "Exercises and habits" in body
    assert "Night-time cramps: " in body
    assert "Supported" in body
    assert "Mixed" in body


def test_the_coach_assigns_a_plan_of_an_exercise_and_a_habit(coach_client, athlete, night):
    response = _post(
        coach_client,
        athlete,
        [
            {"exercise": night["stretch"].pk, "reps": 3, "hold_seconds": 30},
            {"strategy": night["socks"].pk, "dose": "Every night in winter"},
        ],
    )
    assert response.status_code == 302
    items = RoutineAssignment.objects.get(athlete=athlete).items.order_by("position")
    assert [(i.exercise, i.strategy, i.dose) for i in items] == [
        (night["stretch"], None, ""),
        (None, night["socks"], "Every night in winter"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"exercise": "STRETCH", "strategy": "SOCKS", "reps": 3},
            "Choose an exercise or a habit for this row, not both.",
        ),
        ({"dose": "Every night"}, "Choose an exercise or a habit for this row."),
        ({"strategy": "SOCKS"}, "Give the habit a dose"),
        ({"strategy": "SOCKS", "dose": "Nightly", "reps": 3}, "A habit takes a dose in words"),
        ({"exercise": "STRETCH", "reps": 3, "dose": "Nightly"}, "A dose in words is for habits"),
    ],
)
def test_the_assign_editor_refuses_a_row_that_is_both_neither_or_undosed(coach_client, athlete, night, row, message):
    ids = {"STRETCH": night["stretch"].pk, "SOCKS": night["socks"].pk}
    row = {name: ids.get(value, value) for name, value in row.items()}
    response = _post(coach_client, athlete, [row])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoutineAssignment.objects.exists()


def test_a_plan_needs_at_least_one_item(coach_client, athlete, night):
    response = _post(coach_client, athlete, [{}])
    assert "A plan needs at least one exercise or habit." in response.content.decode()
    assert not RoutineAssignment.objects.exists()


# The athlete's day -----------------------------------------------------------


def test_the_routine_page_shows_todays_habits_with_their_dose_and_grade(athlete_client, coach, athlete, night):
    assign(coach, athlete, [night["stretch"]], habits=[(night["k2"], "Only after talking to your doctor")])
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Today's habits" in body
    assert "Vitamin K2" in body
    assert "Only after talking to your doctor" in body
    assert "Toe-pull stretch" in body
    assert "Supported" in body


def test_the_athlete_ticks_a_habit_in_the_days_session(athlete_client, coach, athlete, night):
    assignment = assign(coach, athlete, [night["stretch"]], habits=[night["socks"]])
    habit = assignment.items.get(strategy=night["socks"])
    response = athlete_client.post(reverse("athletes:routine"), {"completed_items": [habit.pk], "helped": "yes"})
    assert response.status_code == 302
    session = RoutineSession.objects.get(assignment=assignment)
    assert list(session.completed_items.all()) == [habit]


def test_a_session_with_nothing_ticked_is_still_refused(athlete_client, coach, athlete, night):
    assign(coach, athlete, [night["stretch"]], habits=[night["socks"]])
    response = athlete_client.post(reverse("athletes:routine"), {"helped": "yes"})
    assert "Tick the exercises and habits you did" in response.content.decode()
    assert not RoutineSession.objects.exists()


# Advice ----------------------------------------------------------------------


def test_advice_lists_habits_best_evidence_first_and_contradicted_last(athlete_client, athlete, night):
    make_episodes(athlete, 4, setting="night", suspected=[night["cause"]])
    response = athlete_client.get(reverse("athletes:insights"))
    strategies = response.context["strategies"]
    assert [s.slug for s in strategies] == ["vitamin-k2", "warm-socks", "magnesium"]
    body = response.content.decode()
    assert body.index("Vitamin K2") < body.index("Magnesium supplement")
    assert "Contradicted" in body
    assert "No study found" in body
    assert [s.not_recommended for s in strategies] == [False, False, True]
    assert body.count("Not recommended for your causes:") == 1
    assert body.index("Not recommended for your causes:") < body.index("Magnesium supplement")
