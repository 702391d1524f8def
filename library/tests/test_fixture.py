"""The shipped library holds every item of the source articles, with doses and cause links."""

import pytest
from django.core.management import call_command

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
    StrategyClaim,
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
    "night-cramps-to-confirm": "soon",
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
    assert "nocturnal-cramps" in _causes(RoutineTemplate.objects.get(slug="night-cramp-plan"))


def _claimed(template):
    claimed = set()
    for item in template.items.all():
        claimed |= {claim.cause.slug for claim in item.item.claims.all() if claim.grade != "contradicted"}
    return claimed


def test_every_cause_has_a_plan_whose_items_claim_it(library):
    templates = RoutineTemplate.objects.prefetch_related(
        "causes", "items__exercise__claims__cause", "items__strategy__claims__cause"
    )
    covered = set()
    for template in templates:
        assert _causes(template) <= _claimed(template), f"{template.slug} lists causes none of its items claims"
        covered |= _causes(template)
    assert covered == CAUSES


def test_plans_hold_habits_with_a_dose(library):
    habits = RoutineTemplateItem.objects.filter(strategy__isnull=False).select_related("strategy")
    assert habits.count() >= 15
    for item in habits:
        assert item.dose, (item.template_id, item.position)
        if item.strategy.kind == "supplement":
            assert "doctor" in item.dose.lower(), item.strategy.slug
    fluids = RoutineTemplate.objects.get(name="Fluids and sodium plan")
    assert _causes(fluids) == {"dehydration", "sodium-loss"}
    assert not fluids.items.filter(exercise__isnull=False).exists(), "sweat losses are met with habits, not exercises"
    for name in ("Recovery plan", "Night-cramp plan", "Mineral-balance plan"):
        assert RoutineTemplate.objects.get(name=name).items.filter(strategy__isnull=False).exists()


def test_every_link_between_an_item_and_a_cause_is_a_graded_claim(library):
    claims = [*ExerciseClaim.objects.select_related("reference"), *StrategyClaim.objects.select_related("reference")]
    assert len(claims) >= 60
    for claim in claims:
        assert claim.grade in {"supported", "mixed", "weak", "contradicted", "none"}
        assert (claim.reference is None) == (claim.grade == "none"), claim
        assert 10 < len(claim.note) <= 200, claim


def test_magnesium_is_contradicted_for_night_cramps_and_k2_is_weak_as_one_promising_trial(library):
    magnesium = StrategyClaim.objects.get(strategy__slug="magnesium-supplement", cause__slug="nocturnal-cramps")
    assert magnesium.grade == "contradicted"
    assert "Garrison" in magnesium.reference.citation
    # One trial (Tan et al. 2024), "promising, not established" (EVIDENCE.md): not "supported", which the
    # library keeps for consistent findings and position statements (issue 18: the grade disagreed with its text).
    k2 = StrategyClaim.objects.get(strategy__slug="vitamin-k2-for-night-cramps", cause__slug="nocturnal-cramps")
    assert (k2.grade, k2.reference.slug, k2.purpose) == ("weak", "tan-2024-vitamin-k2", "prevents")
    assert "not established" in k2.note
    bedtime = StrategyClaim.objects.get(strategy__slug="bedtime-calf-and-hamstring-stretching")
    assert bedtime.grade == "mixed"
    sodium = StrategyClaim.objects.get(
        strategy__slug="sodium-replacement-for-salty-sweaters", cause__slug="sodium-loss"
    )
    assert sodium.grade == "mixed"
    pickle = StrategyClaim.objects.get(strategy__slug="pickle-juice")
    assert pickle.grade == "mixed"


def test_athlete_focus_covers_gym_and_sports_athletes(library):
    gym = AthleteFocus.objects.get(athlete_group="gym")
    sports = AthleteFocus.objects.get(athlete_group="sports")
    assert any("sodium" in p.lower() for p in gym.points())
    assert any("rest" in p.lower() for p in gym.points())
    assert any("conditioning" in p.lower() for p in sports.points())
    assert gym.strategies.exists()
    assert sports.strategies.exists()


def test_references_are_real_and_say_what_they_found(library):
    citations = " ".join(Reference.objects.values_list("citation", flat=True))
    for study in ("Schwellnus", "Garrison", "Tan", "Miller", "Stofan", "Hallegraeff"):
        assert study in citations
    for position_statement in ("Sawka", "McDermott", "Baker", "Hew-Butler", "Watson", "Soligard"):
        assert position_statement in citations
    for missing in ("Khan", "Lopes", "2023"):
        assert missing not in citations
    for reference in Reference.objects.all():
        assert reference.evidence_note, reference.slug


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
    (RoutineTemplate, ("name", "purpose")),
    (RoutineTemplateItem, ("dose", "notes")),
]


def test_quinine_and_tonic_water_are_only_ever_warned_against(library):
    for model, fields in ADVICE:
        for slug, text in _texts(model, *fields):
            if "quinine" in text or "tonic water" in text:
                assert slug in {"avoid-quinine-and-tonic-water", "nocturnal-cramps"}, slug
    for claim in StrategyClaim.objects.filter(note__icontains="quinine"):
        assert claim.strategy.slug == "avoid-quinine-and-tonic-water"
    assert not RoutineTemplateItem.objects.filter(strategy__slug="avoid-quinine-and-tonic-water").exists()
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
    models = [
        Reference,
        Cause,
        Exercise,
        Strategy,
        ExerciseClaim,
        StrategyClaim,
        AthleteFocus,
        RedFlag,
        RoutineTemplate,
        RoutineTemplateItem,
    ]
    before = {m: m.objects.count() for m in models}
    call_command("load_library", "--reload", verbosity=0)
    assert {m: m.objects.count() for m in models} == before


def test_loading_again_keeps_staff_edits(library):
    Exercise.objects.filter(slug="toe-yoga").update(dose_text="12 reps")
    call_command("load_library", verbosity=0)
    assert Exercise.objects.get(slug="toe-yoga").dose_text == "12 reps"


# Claims about easing a cramp in progress (EVIDENCE.md: "Passive stretching relieves a cramp in progress";
# pickle juice "shortened electrically induced cramps"), and the safety rules.
EASES = {
    ("straight-leg-toe-pull-stretch", "neuromuscular-fatigue"),
    ("stretching-and-massage", "neuromuscular-fatigue"),
    ("quick-fix-for-calf-cramp", "neuromuscular-fatigue"),
    ("quick-fix-for-calf-cramp", "nocturnal-cramps"),
    ("pickle-juice", "neuromuscular-fatigue"),
}
SAFETY = {
    ("never-over-drink", "dehydration"),
    ("never-over-drink", "sodium-loss"),
    ("avoid-quinine-and-tonic-water", "nocturnal-cramps"),
    ("ask-a-doctor-before-taking-minerals", "nocturnal-cramps"),
}


def _all_claims():
    return [
        *ExerciseClaim.objects.select_related("exercise", "cause", "reference"),
        *StrategyClaim.objects.select_related("strategy", "cause", "reference"),
    ]


def test_every_claim_says_whether_it_prevents_eases_a_cramp_in_progress_or_is_a_safety_rule(library):
    purposes = {(claim.item.slug, claim.cause.slug): claim.purpose for claim in _all_claims()}
    assert {key for key, purpose in purposes.items() if purpose == "eases"} == EASES
    assert {key for key, purpose in purposes.items() if purpose == "safety"} == SAFETY
    assert set(purposes.values()) == {"prevents", "eases", "safety"}


def test_no_supported_grade_for_preventing_cramps_rests_on_relief_evidence(library):
    for claim in _all_claims():
        if claim.prevents and claim.grade == "supported":
            assert "cramp in progress" not in claim.note, claim
        if "first care for a cramp in progress" in claim.note:
            assert claim.purpose == "eases", claim


def test_a_grade_agrees_with_its_note(library):
    """A 'supported' claim never says the finding is unproven, untested, promising or resting on one trial."""
    for claim in _all_claims():
        if claim.grade == "supported":
            for doubt in ("unproven", "not established", "promising", "one trial only", "is untested"):
                assert doubt not in claim.note.lower(), (claim, doubt)


def test_never_over_drink_carries_the_hyponatraemia_consensus_as_a_safety_rule(library):
    for cause in ("dehydration", "sodium-loss"):
        claim = StrategyClaim.objects.get(strategy__slug="never-over-drink", cause__slug=cause)
        assert (claim.purpose, claim.grade) == ("safety", "supported")
        assert claim.reference.slug == "hew-butler-2015-hyponatraemia"
        assert "Hew-Butler" in claim.reference.citation
        assert "2015" in claim.reference.citation
    strategy = Strategy.objects.get(slug="never-over-drink")
    assert strategy.references.filter(slug="hew-butler-2015-hyponatraemia").exists()
