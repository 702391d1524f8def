"""The shipped library holds every item of the source articles, with doses and cause links."""

import pytest
from django.core.management import call_command

from library.models import (
    AthleteFocus,
    Cause,
    Exercise,
    RedFlag,
    Reference,
    RoutineTemplate,
    RoutineTemplateItem,
    Strategy,
)

pytestmark = pytest.mark.django_db

# The first article's table, exactly: slug, target area, dose text, sets, reps, hold, causes.
TABLE = [
    (
        "slow-calf-raises",
        "calves",
        "15–20 reps × 3 sets",
        3,
        15,
        None,
        {"neuromuscular-fatigue", "lack-of-conditioning"},
    ),
    (
        "single-leg-calf-raises",
        "calves",
        "10–15 reps × 2 sets",
        2,
        10,
        None,
        {"lack-of-conditioning", "neuromuscular-fatigue"},
    ),
    ("tibialis-raises", "shins", "20 reps × 2–3 sets", 2, 20, None, {"lack-of-conditioning"}),
    (
        "hamstring-bridges",
        "hamstrings",
        "Hold 10–20s × 5–8",
        None,
        5,
        10,
        {"neuromuscular-fatigue", "lack-of-conditioning"},
    ),
    (
        "adductor-squeezes",
        "adductors",
        "Hold 10s × 10 reps",
        None,
        10,
        10,
        {"lack-of-conditioning", "neuromuscular-fatigue"},
    ),
    ("toe-yoga", "feet", "10–15 reps", None, 10, None, {"circulation-and-nerves", "neuromuscular-fatigue"}),
    ("ankle-circles", "ankles", "20 each side", None, 20, None, {"circulation-and-nerves"}),
    ("nerve-glides", "nerves", "10–15 reps/leg", None, 10, None, {"circulation-and-nerves"}),
    (
        "long-hold-stretching",
        "lower_body",
        "45–60s per muscle",
        None,
        None,
        45,
        {"lack-of-recovery", "nocturnal-cramps", "neuromuscular-fatigue"},
    ),
]
SECOND_ARTICLE_EXERCISES = {
    "calf-raises": {"lack-of-conditioning"},
    "bodyweight-squats": {"lack-of-conditioning"},
    "resistance-band-work": {"lack-of-conditioning", "neuromuscular-fatigue"},
    "straight-leg-toe-pull-stretch": {"nocturnal-cramps", "neuromuscular-fatigue"},
}
CAUSES = {
    "dehydration",
    "sodium-loss",
    "mineral-imbalance",
    "neuromuscular-fatigue",
    "lack-of-conditioning",
    "lack-of-recovery",
    "circulation-and-nerves",
    "nocturnal-cramps",
}
RED_FLAGS = {
    "muscle-weakness": "soon",
    "leg-swelling": "soon",
    "numbness": "soon",
    "long-cramp": "same_day",
    "dark-urine": "same_day",
    "vomiting": "emergency",
    "frequent-or-severe": "soon",
    "sleep-disturbing": "soon",
    "no-obvious-cause": "soon",
    "rising-frequency": "soon",
    "medicines-and-conditions": "soon",
    "clot-signs": "same_day",
    "dark-urine-without-hard-exercise": "same_day",
}


@pytest.fixture
def library():
    call_command("load_library", verbosity=0)


def _causes(item):
    return {cause.slug for cause in item.causes.all()}


def test_every_cause_from_the_articles_is_there(library):
    assert set(Cause.objects.values_list("slug", flat=True)) == CAUSES
    for cause in Cause.objects.all():
        assert cause.summary
        assert cause.mechanism


@pytest.mark.parametrize(("slug", "area", "dose", "sets", "reps", "hold", "causes"), TABLE)
def test_every_exercise_of_the_table_has_its_dose_and_causes(library, slug, area, dose, sets, reps, hold, causes):
    exercise = Exercise.objects.get(slug=slug)
    assert exercise.target_area == area
    assert exercise.dose_text == dose
    assert (exercise.sets, exercise.reps, exercise.hold_seconds) == (sets, reps, hold)
    assert _causes(exercise) == causes
    assert exercise.how_to
    assert exercise.why_it_helps


def test_the_second_articles_exercises_are_there(library):
    for slug, causes in SECOND_ARTICLE_EXERCISES.items():
        exercise = Exercise.objects.get(slug=slug)
        assert _causes(exercise) == causes
        assert exercise.dose_text


def test_red_flags_are_there_with_their_urgency(library):
    assert dict(RedFlag.objects.values_list("slug", "urgency")) == RED_FLAGS


def test_routine_templates_combine_exercises_for_specific_causes(library):
    templates = RoutineTemplate.objects.prefetch_related("causes", "items")
    assert templates.count() >= 6
    for template in templates:
        assert template.causes.exists()
        assert template.items.count() >= 3
    cause_sets = [frozenset(_causes(t)) for t in templates]
    assert len(set(cause_sets)) == len(cause_sets), "each template targets its own mix of causes"
    assert "nocturnal-cramps" in _causes(RoutineTemplate.objects.get(slug="night-time-wind-down"))


def test_athlete_focus_covers_gym_and_sports_athletes(library):
    gym = AthleteFocus.objects.get(athlete_group="gym")
    sports = AthleteFocus.objects.get(athlete_group="sports")
    assert any("sodium" in p.lower() for p in gym.points())
    assert any("rest" in p.lower() for p in gym.points())
    assert any("conditioning" in p.lower() for p in sports.points())
    assert gym.strategies.exists()
    assert sports.strategies.exists()


def test_references_are_real_and_graded(library):
    citations = " ".join(Reference.objects.values_list("citation", flat=True))
    for study in ("Schwellnus", "Garrison", "Tan", "Miller", "Stofan", "Hallegraeff"):
        assert study in citations
    for missing in ("Khan", "Lopes", "2023"):
        assert missing not in citations
    assert set(Reference.objects.values_list("grade", flat=True)) <= {"supported", "mixed", "weak", "contradicted"}
    assert Reference.objects.get(citation__contains="Garrison").grade == "contradicted"


def test_supplements_always_say_talk_to_your_doctor(library):
    supplements = Strategy.objects.filter(kind="supplement").exclude(slug__contains="quinine")
    assert supplements.exists()
    for strategy in supplements:
        assert "doctor" in strategy.caution.lower(), strategy.slug
    assert "warfarin" in Strategy.objects.get(slug="vitamin-k2-for-night-cramps").caution.lower()


def _texts(model, *fields):
    for obj in model.objects.all():
        yield obj.natural_key()[0], " ".join(str(getattr(obj, f)) for f in fields).lower()


ADVICE = [
    (Strategy, ("name", "summary", "guidance", "caution")),
    (Exercise, ("name", "why_it_helps", "how_to", "cautions")),
    (Cause, ("name", "summary", "mechanism")),
    (AthleteFocus, ("title", "summary", "focus_points")),
]


def test_quinine_and_tonic_water_are_only_ever_warned_against(library):
    for model, fields in ADVICE:
        for slug, text in _texts(model, *fields):
            if "quinine" in text or "tonic water" in text:
                assert slug in {"avoid-quinine-and-tonic-water", "nocturnal-cramps"}, slug
    warning = Strategy.objects.get(slug="avoid-quinine-and-tonic-water")
    assert warning.name == "Do not use quinine or tonic water for cramps"
    assert "not a safe cramp remedy" in warning.summary


def test_no_blanket_drink_more_water_advice(library):
    for model, fields in ADVICE:
        for slug, text in _texts(model, *fields):
            for phrase in ("drink more water", "drink plenty", "drink as much as"):
                assert phrase not in text, (slug, phrase)
    plan = Strategy.objects.get(slug="sweat-matched-hydration-plan")
    assert "sodium" in plan.summary.lower()
    assert "hyponatr" in plan.caution.lower()


def test_loading_twice_changes_nothing(library):
    models = [Reference, Cause, Exercise, Strategy, AthleteFocus, RedFlag, RoutineTemplate, RoutineTemplateItem]
    before = {m: m.objects.count() for m in models}
    call_command("load_library", "--reload", verbosity=0)
    assert {m: m.objects.count() for m in models} == before


def test_loading_again_keeps_staff_edits(library):
    Exercise.objects.filter(slug="toe-yoga").update(dose_text="12 reps")
    call_command("load_library", verbosity=0)
    assert Exercise.objects.get(slug="toe-yoga").dose_text == "12 reps"
