"""Small builders for library rows, so tests state only what they care about."""

from itertools import count

from django.conf import settings

from library.models import (
    Cause,
    Exercise,
    ExerciseClaim,
    Reference,
    RoutineTemplate,
    RoutineTemplateItem,
    Strategy,
    StrategyClaim,
)
from library.translation import TRANSLATED

_n = count(1)


def admin_form(data, model, **inlines):
    """Admin form data as the admin names its fields: each text kept per language (library.translation) in its
    English box, "name" -> "name_en" and "claims-0-note" -> "claims-0-note_en"; `inlines` maps each inline's
    prefix to its model (claims=ExerciseClaim)."""

    def box(key):
        prefix, _, field = key.rpartition("-")
        translated = TRANSLATED.get(inlines.get(prefix.split("-")[0]) if prefix else model, ())
        return f"{key}_{settings.LANGUAGE_CODE}" if field in translated else key

    return {box(key): value for key, value in data.items()}


def make_reference(**fields):
    n = next(_n)
    defaults = {
        "slug": f"ref-{n}",
        "citation": f"Author {n} et al.",
        "year": 2020,
        "evidence_note": "A small study.",
    }
    return Reference.objects.create(**{**defaults, **fields})


def make_cause(slug=None, **fields):
    n = next(_n)
    slug = slug or f"cause-{n}"
    defaults = {
        "name": slug.replace("-", " ").capitalize(),
        "category": "fluids",
        "summary": f"Summary of {slug}.",
        "mechanism": "How it works.",
        "order": n,
    }
    return Cause.objects.create(slug=slug, **{**defaults, **fields})


def make_exercise(slug=None, *, causes=(), **fields):
    n = next(_n)
    slug = slug or f"exercise-{n}"
    defaults = {
        "name": slug.replace("-", " ").capitalize(),
        "target_area": "calves",
        "why_it_helps": "It helps.",
        "how_to": "Do it slowly.",
        "sets": 3,
        "reps": 15,
        "dose_text": "15 reps × 3 sets",
        "order": n,
    }
    exercise = Exercise.objects.create(slug=slug, **{**defaults, **fields})
    for cause in causes:
        make_claim(exercise, cause)
    return exercise


def make_strategy(slug=None, *, causes=(), **fields):
    n = next(_n)
    slug = slug or f"strategy-{n}"
    defaults = {
        "name": slug.replace("-", " ").capitalize(),
        "kind": "hydration",
        "summary": "A habit.",
        "guidance": "Do this.",
    }
    strategy = Strategy.objects.create(slug=slug, **{**defaults, **fields})
    for cause in causes:
        make_claim(strategy, cause)
    return strategy


def make_claim(item, cause, grade="none", reference=None, note=None, purpose="prevents"):
    """Claim that an exercise or strategy helps with a cause (prevents cramps from it, unless `purpose` is
    "eases" or "safety"); a grade other than "none" gets a reference."""
    if grade != "none" and reference is None:
        reference = make_reference()
    model, field = (ExerciseClaim, "exercise") if isinstance(item, Exercise) else (StrategyClaim, "strategy")
    return model.objects.create(
        **{field: item},
        cause=cause,
        grade=grade,
        reference=reference,
        note=note or f"What was found for {cause.name.lower()}.",
        purpose=purpose,
    )


def make_template(slug=None, *, causes=(), exercises=(), habits=(), **fields):
    """A template of `exercises` (at their default dose), then `habits`: strategies or (strategy, dose) pairs."""
    n = next(_n)
    slug = slug or f"routine-{n}"
    defaults = {"name": slug.replace("-", " ").capitalize(), "purpose": "A routine.", "order": n}
    template = RoutineTemplate.objects.create(slug=slug, **{**defaults, **fields})
    template.causes.set(causes)
    for position, exercise in enumerate(exercises, start=1):
        RoutineTemplateItem.objects.create(
            template=template, exercise=exercise, position=position, sets=exercise.sets, reps=exercise.reps
        )
    for position, habit in enumerate(habits, start=len(exercises) + 1):
        strategy, dose = habit if isinstance(habit, tuple) else (habit, "Once a day")
        RoutineTemplateItem.objects.create(template=template, strategy=strategy, position=position, dose=dose)
    return template


def exercise_change_form(exercise, **changes):
    """What the admin's change form for `exercise` (with its one claim) posts as it stands, with `changes`."""
    claim = exercise.claims.get()
    data = {
        "name": exercise.name,
        "slug": exercise.slug,
        "target_area": exercise.target_area,
        "order": exercise.order,
        "why_it_helps": exercise.why_it_helps,
        "how_to": exercise.how_to,
        "cautions": exercise.cautions,
        "dose_text": exercise.dose_text,
        "sets": exercise.sets,
        "reps": exercise.reps,
        "hold_seconds": "",
        "references": [],
        "image_alt": exercise.image_alt,
        "video_url": exercise.video_url,
        "claims-TOTAL_FORMS": 1,
        "claims-INITIAL_FORMS": 1,
        "claims-MIN_NUM_FORMS": 0,
        "claims-MAX_NUM_FORMS": 1000,
        "claims-0-id": claim.pk,
        "claims-0-exercise": exercise.pk,
        "claims-0-cause": claim.cause_id,
        "claims-0-grade": claim.grade,
        "claims-0-purpose": claim.purpose,
        "claims-0-reference": "",
        "claims-0-note": claim.note,
        **changes,
    }
    return admin_form(data, Exercise, claims=ExerciseClaim)
