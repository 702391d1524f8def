import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from library.models import (
    AthleteFocus,
    Cause,
    Exercise,
    ExerciseClaim,
    RedFlag,
    Reference,
    RoutineTemplate,
    RoutineTemplateItem,
    Strategy,
)

from .factories import (
    admin_form,
    exercise_change_form,
    make_cause,
    make_exercise,
    make_reference,
    make_strategy,
    make_template,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    reference = make_reference(citation="Schwellnus 2011")
    cause = make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue")
    cause.references.add(reference)
    exercise = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[cause])
    strategy = make_strategy("sodium-plan", name="Sodium plan", causes=[cause])
    template = make_template("calf-endurance", name="Calf endurance", causes=[cause], exercises=[exercise])
    focus = AthleteFocus.objects.create(athlete_group="gym", title="Gym focus", summary="s", focus_points="a\nb")
    flag = RedFlag.objects.create(slug="numbness", title="Numbness", guidance="See a doctor.", urgency="soon")
    return {
        Reference: reference,
        Cause: cause,
        Exercise: exercise,
        Strategy: strategy,
        RoutineTemplate: template,
        AthleteFocus: focus,
        RedFlag: flag,
    }


def _url(model, view, *args):
    return reverse(f"admin:library_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [Reference, Cause, Exercise, Strategy, RoutineTemplate, AthleteFocus, RedFlag])
def test_staff_can_list_search_and_open_each_model(staff_client, library, model):
    obj = library[model]
    listing = staff_client.get(_url(model, "changelist"), {"q": str(obj)[:6]})
    assert listing.status_code == 200
    assert str(obj) in listing.content.decode()
    assert staff_client.get(_url(model, "change", obj.pk)).status_code == 200
    assert staff_client.get(_url(model, "add")).status_code == 200


def _exercise_form(exercise, claim, **claim_fields):
    data = {
        "name": "Slow calf raises",
        "slug": "slow-calf-raises",
        "target_area": "calves",
        "order": 1,
        "why_it_helps": "Builds endurance.",
        "how_to": "Rise for three seconds, lower for three.",
        "cautions": "",
        "dose_text": "15–20 reps × 3 sets",
        "sets": 3,
        "reps": 20,
        "hold_seconds": "",
        "references": [],
        "claims-TOTAL_FORMS": 1,
        "claims-INITIAL_FORMS": 1,
        "claims-MIN_NUM_FORMS": 0,
        "claims-MAX_NUM_FORMS": 1000,
        "claims-0-id": claim.pk,
        "claims-0-exercise": exercise.pk,
        "claims-0-cause": claim.cause_id,
        "claims-0-grade": "none",
        "claims-0-purpose": "prevents",
        "claims-0-reference": "",
        "claims-0-note": "Not tested.",
        **{f"claims-0-{name}": value for name, value in claim_fields.items()},
    }
    return admin_form(data, Exercise, claims=ExerciseClaim)


def test_staff_edits_an_exercise_and_grades_its_claim_and_the_edit_is_recorded(staff_client, library, staff):
    exercise = library[Exercise]
    claim = exercise.claims.get()
    response = staff_client.post(
        _url(Exercise, "change", exercise.pk),
        _exercise_form(exercise, claim, grade="mixed", reference=library[Reference].pk, note="Fatigue predicted it."),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    claim.refresh_from_db()
    assert exercise.reps == 20
    assert (claim.grade, claim.reference, claim.note) == ("mixed", library[Reference], "Fatigue predicted it.")
    assert LogEntry.objects.filter(object_id=str(exercise.pk), action_flag=CHANGE, user=staff).exists()


def test_a_graded_claim_without_its_reference_is_refused_with_a_message(staff_client, library):
    exercise = library[Exercise]
    claim = exercise.claims.get()
    response = staff_client.post(_url(Exercise, "change", exercise.pk), _exercise_form(exercise, claim, grade="mixed"))
    assert response.status_code == 200
    assert "Give the reference behind this grade" in response.content.decode()
    claim.refresh_from_db()
    assert claim.grade == "none"


def test_staff_edits_routine_items_inline(staff_client, library):
    template = library[RoutineTemplate]
    item = template.items.get()
    response = staff_client.post(
        _url(RoutineTemplate, "change", template.pk),
        admin_form(
            {
                "name": template.name,
                "slug": template.slug,
                "purpose": "Calf work.",
                "causes": [library[Cause].pk],
                "athlete_group": "all",
                "sessions_per_week": 3,
                "weeks": 4,
                "order": 1,
                "items-TOTAL_FORMS": 1,
                "items-INITIAL_FORMS": 1,
                "items-MIN_NUM_FORMS": 0,
                "items-MAX_NUM_FORMS": 1000,
                "items-0-id": item.pk,
                "items-0-template": template.pk,
                "items-0-exercise": library[Exercise].pk,
                "items-0-position": 1,
                "items-0-sets": 4,
                "items-0-reps": 12,
                "items-0-hold_seconds": "",
                "items-0-notes": "Slow tempo",
            },
            RoutineTemplate,
            items=RoutineTemplateItem,
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.sets, item.reps, item.notes) == (4, 12, "Slow tempo")


def test_deleting_an_exercise_a_routine_uses_is_refused_with_a_message(staff_client, library):
    exercise = library[Exercise]
    response = staff_client.post(_url(Exercise, "delete", exercise.pk), {"post": "yes"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "protected related objects" in body
    assert "Calf endurance" in body
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_bulk_deleting_a_used_exercise_is_refused_too(staff_client, library):
    exercise = library[Exercise]
    response = staff_client.post(
        _url(Exercise, "changelist"),
        {"action": "delete_selected", "_selected_action": [exercise.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert Exercise.objects.filter(pk=exercise.pk).exists()


@pytest.mark.parametrize("actor", ["athlete", "coach"])
def test_athletes_and_coaches_are_kept_out_of_admin(client, request, actor, library):
    client.force_login(request.getfixturevalue(actor))
    for url in (
        reverse("admin:index"),
        _url(Exercise, "changelist"),
        _url(Exercise, "change", library[Exercise].pk),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(("field", "value"), [("sets", 500), ("reps", 0), ("hold_seconds", 3600)])
def test_the_admin_refuses_a_dose_no_plan_could_ask_for(staff_client, field, value):
    exercise = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[make_cause("neuromuscular-fatigue")])
    response = staff_client.post(
        reverse("admin:library_exercise_change", args=[exercise.pk]), exercise_change_form(exercise, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert getattr(exercise, field) != value
