"""Small builders for library rows, so tests state only what they care about."""

from itertools import count

from library.models import Cause, Exercise, Reference, RoutineTemplate, RoutineTemplateItem, Strategy

_n = count(1)


def make_reference(**fields):
    n = next(_n)
    defaults = {
        "slug": f"ref-{n}",
        "citation": f"Author {n} et al.",
        "year": 2020,
        "grade": "mixed",
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
    exercise.causes.set(causes)
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
    strategy.causes.set(causes)
    return strategy


def make_template(slug=None, *, causes=(), exercises=(), **fields):
    n = next(_n)
    slug = slug or f"routine-{n}"
    defaults = {"name": slug.replace("-", " ").capitalize(), "purpose": "A routine.", "order": n}
    template = RoutineTemplate.objects.create(slug=slug, **{**defaults, **fields})
    template.causes.set(causes)
    for position, exercise in enumerate(exercises, start=1):
        RoutineTemplateItem.objects.create(
            template=template, exercise=exercise, position=position, sets=exercise.sets, reps=exercise.reps
        )
    return template
