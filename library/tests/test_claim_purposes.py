"""A claim says what its evidence is for: preventing cramps, easing one in progress, or a safety rule (issue 18)."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from library.models import ExerciseClaim, StrategyClaim

from .factories import make_cause, make_claim, make_exercise, make_strategy, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    fatigue = make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue")
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    make_claim(calf, fatigue, "mixed", note="Fatigue predicts cramps; calf work is untested.")
    stretch = make_exercise("toe-pull-stretch", name="Toe-pull stretch", target_area="calves")
    make_claim(stretch, fatigue, "supported", note="First care for a cramp in progress.", purpose="eases")
    rule = make_strategy("never-over-drink", name="Never over-drink")
    make_claim(rule, fatigue, "supported", note="Over-drinking dilutes blood sodium.", purpose="safety")
    make_template("calf-plan", name="Calf plan", causes=[fatigue], exercises=[calf, stretch])
    return {"fatigue": fatigue, "calf": calf, "stretch": stretch, "rule": rule}


def test_a_claim_prevents_cramps_unless_it_says_otherwise(library):
    claim = ExerciseClaim.objects.get(exercise=library["calf"])
    assert claim.purpose == "prevents"
    assert claim.prevents
    stretch = ExerciseClaim.objects.get(exercise=library["stretch"])
    assert not stretch.prevents
    assert str(stretch) == "Toe-pull stretch – Neuromuscular fatigue: Supported (eases a cramp in progress)"


def test_the_cause_page_labels_each_claim_and_lists_prevention_first(athlete_client, library):
    body = athlete_client.get(reverse("library:cause-detail", args=["neuromuscular-fatigue"])).content.decode()
    assert body.index("Slow calf raises") < body.index("Toe-pull stretch"), "a supported relief claim came first"
    assert "Eases a cramp in progress" in body
    assert "Safety rule" in body
    assert "Prevents" in body
    assert "Plans are suggested and ranked by prevention evidence only." in body


@pytest.mark.parametrize(
    ("url", "shows"),
    [
        (reverse("library:exercise-detail", args=["toe-pull-stretch"]), "Eases a cramp in progress"),
        (reverse("library:exercise-detail", args=["slow-calf-raises"]), "Prevents"),
        (reverse("library:strategy-list"), "Safety rule"),
        (reverse("library:routine-detail", args=["calf-plan"]), "Eases a cramp in progress"),
        (reverse("library:exercise-list"), "Eases a cramp in progress"),
    ],
)
def test_library_pages_show_what_each_claim_is_for_and_say_which_is_which(athlete_client, library, url, shows):
    body = athlete_client.get(url).content.decode()
    assert shows in body
    assert "first aid once a cramp has started" in body


def test_staff_set_a_claims_purpose_inline(staff_client, library):
    from .factories import exercise_change_form

    calf = library["calf"]
    claim = calf.claims.get()
    form = exercise_change_form(calf, **{"claims-0-purpose": "eases", "claims-0-reference": claim.reference_id})
    response = staff_client.post(reverse("admin:library_exercise_change", args=[calf.pk]), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.purpose == "eases"


def test_staff_list_claims_by_purpose(staff_client, library):
    url = reverse("admin:library_exerciseclaim_changelist")
    body = staff_client.get(url, {"purpose__exact": "eases"}).content.decode()
    assert "Toe-pull stretch" in body
    assert "Slow calf raises" not in body
    strategies = staff_client.get(reverse("admin:library_strategyclaim_changelist")).content.decode()
    assert "Never over-drink" in strategies
    assert "Safety rule" in strategies
    exercises = staff_client.get(reverse("admin:library_exercise_changelist"), {"claims__purpose": "eases"})
    assert exercises.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_marks_the_shipped_relief_claims_and_safety_rules_and_fixes_their_content():
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    (ours,) = [key for key in graph.nodes if key[0] == "library" and key[1].endswith("_claims_have_a_purpose")]
    before = [parent.key for parent in graph.node_map[ours].parents if parent.key[0] == "library"]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Cause, Reference = apps.get_model("library", "Cause"), apps.get_model("library", "Reference")
    Exercise, Strategy = apps.get_model("library", "Exercise"), apps.get_model("library", "Strategy")
    OldExerciseClaim, OldStrategyClaim = (
        apps.get_model("library", "ExerciseClaim"),
        apps.get_model("library", "StrategyClaim"),
    )
    causes = {
        slug: Cause.objects.create(slug=slug, name=slug, category="fluids", summary="s", mechanism="m")
        for slug in ("neuromuscular-fatigue", "dehydration", "nocturnal-cramps")
    }
    miller = Reference.objects.create(slug="miller-2022", citation="Miller 2022", year=2022, evidence_note="n")
    tan = Reference.objects.create(slug="tan-2024-vitamin-k2", citation="Tan 2024", year=2024, evidence_note="n")
    Reference.objects.create(
        slug="hew-butler-2015-hyponatraemia", citation="Hew-Butler 2015", year=2015, evidence_note="n"
    )

    def exercise(slug):
        return Exercise.objects.create(slug=slug, name=slug, target_area="calves", why_it_helps="w", how_to="h", reps=1)

    def strategy(slug):
        return Strategy.objects.create(slug=slug, name=slug, kind="hydration", summary="s", guidance="g")

    OldExerciseClaim.objects.create(
        exercise=exercise("straight-leg-toe-pull-stretch"),
        cause=causes["neuromuscular-fatigue"],
        grade="supported",
        reference=miller,
        note="Experts advise a gentle held stretch as first care for a cramp in progress.",
    )
    OldStrategyClaim.objects.create(
        strategy=strategy("never-over-drink"),
        cause=causes["dehydration"],
        grade="none",
        note="A safety rule, not a treatment: drinking beyond sweat losses can cause dangerous low blood sodium "
        "(Hew-Butler 2015).",
    )
    OldStrategyClaim.objects.create(
        strategy=strategy("vitamin-k2-for-night-cramps"),
        cause=causes["nocturnal-cramps"],
        grade="supported",
        reference=tan,
        note="Edited by staff: they keep their grade.",
    )
    OldStrategyClaim.objects.create(
        strategy=strategy("rest-days"), cause=causes["neuromuscular-fatigue"], grade="weak", reference=miller, note="n"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back at its latest, for the tests after

    toe_pull = ExerciseClaim.objects.get(exercise__slug="straight-leg-toe-pull-stretch")
    assert toe_pull.purpose == "eases"
    over_drink = StrategyClaim.objects.select_related("reference").get(strategy__slug="never-over-drink")
    assert (over_drink.purpose, over_drink.grade, over_drink.reference.slug) == (
        "safety",
        "supported",
        "hew-butler-2015-hyponatraemia",
    )
    assert over_drink.strategy.references.filter(slug="hew-butler-2015-hyponatraemia").exists()
    k2 = StrategyClaim.objects.get(strategy__slug="vitamin-k2-for-night-cramps")
    assert (k2.purpose, k2.grade) == ("prevents", "supported"), "a claim staff edited is left as they left it"
    assert StrategyClaim.objects.get(strategy__slug="rest-days").purpose == "prevents"


def test_the_purpose_label_sits_beside_the_grade(athlete_client, library):
    body = athlete_client.get(reverse("library:routine-detail", args=["calf-plan"])).content.decode()
    labels = re.findall(r'class="badge text-bg-light border purpose-(\w+)"', body)
    assert labels == ["prevents", "eases"]
