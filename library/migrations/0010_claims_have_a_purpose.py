"""Claims say what their evidence is about: preventing cramps, easing one in progress, or a safety rule.

Every existing claim starts as "prevents"; the shipped claims about easing a cramp in progress and the
safety rules are marked as such, and the shipped content fixes of issue 18 are applied where the row still
holds the shipped text (a claim staff have edited is left as they left it):

- "Never drink beyond your sweat losses" is a safety rule backed by Hew-Butler et al. 2015 (Clin J Sport Med
  25(4):303–20), graded supported, as shared/EVIDENCE.md cites it.
- Vitamin K2 for night cramps rests on one trial (Tan et al. 2024): weak, "promising, not established".
- A long held stretch eases a cramp in progress; as a regular habit it is unproven for fatigue cramps: weak.
"""

from django.db import migrations, models

# (model, item field, item slug, cause slug): the shipped claims about easing a cramp in progress.
EASES = [
    ("ExerciseClaim", "exercise", "straight-leg-toe-pull-stretch", "neuromuscular-fatigue"),
    ("StrategyClaim", "strategy", "stretching-and-massage", "neuromuscular-fatigue"),
    ("StrategyClaim", "strategy", "quick-fix-for-calf-cramp", "neuromuscular-fatigue"),
    ("StrategyClaim", "strategy", "quick-fix-for-calf-cramp", "nocturnal-cramps"),
    ("StrategyClaim", "strategy", "pickle-juice", "neuromuscular-fatigue"),
]
# The shipped safety rules: warnings and checks, not treatments.
SAFETY = [
    ("StrategyClaim", "strategy", "never-over-drink", "dehydration"),
    ("StrategyClaim", "strategy", "never-over-drink", "sodium-loss"),
    ("StrategyClaim", "strategy", "avoid-quinine-and-tonic-water", "nocturnal-cramps"),
    ("StrategyClaim", "strategy", "ask-a-doctor-before-taking-minerals", "nocturnal-cramps"),
]
# (model, item field, item slug, cause slug, the shipped note, the new values)
CONTENT = [
    (
        "StrategyClaim",
        "strategy",
        "never-over-drink",
        "dehydration",
        "A safety rule, not a treatment: drinking beyond sweat losses can cause dangerous low blood sodium "
        "(Hew-Butler 2015).",
        {
            "grade": "supported",
            "reference": "hew-butler-2015-hyponatraemia",
            "note": "A safety rule, not a treatment: drinking beyond sweat losses can cause dangerous low blood "
            "sodium (consensus statement).",
        },
    ),
    (
        "StrategyClaim",
        "strategy",
        "never-over-drink",
        "sodium-loss",
        "A safety rule: over-drinking dilutes blood sodium further; no study has tested it against cramps.",
        {
            "grade": "supported",
            "reference": "hew-butler-2015-hyponatraemia",
            "note": "A safety rule: over-drinking dilutes blood sodium further (consensus statement); it is not "
            "a treatment for cramps.",
        },
    ),
    (
        "StrategyClaim",
        "strategy",
        "vitamin-k2-for-night-cramps",
        "nocturnal-cramps",
        "One trial in 199 adults over 65: night cramps fell from 3.6 to 1 a week. One trial only.",
        {
            "grade": "weak",
            "note": "One trial in 199 adults over 65: night cramps fell from 3.6 to 1 a week. Promising, not "
            "established: one trial only.",
        },
    ),
    (
        "ExerciseClaim",
        "exercise",
        "long-hold-stretching",
        "neuromuscular-fatigue",
        "A held stretch eases a cramp in progress; regular stretching to prevent cramps is unproven.",
        {
            "grade": "weak",
            "note": "Regular stretching to prevent exercise cramps is unproven; a held stretch does ease a cramp "
            "in progress.",
        },
    ),
]


def _claim(apps, model, item_field, item_slug, cause_slug):
    return apps.get_model("library", model).objects.filter(
        **{f"{item_field}__slug": item_slug, "cause__slug": cause_slug}
    )


def mark_purposes(apps, schema_editor):
    for purpose, claims in (("eases", EASES), ("safety", SAFETY)):
        for model, item_field, item_slug, cause_slug in claims:
            _claim(apps, model, item_field, item_slug, cause_slug).update(purpose=purpose)
    Reference = apps.get_model("library", "Reference")
    for model, item_field, item_slug, cause_slug, shipped_note, values in CONTENT:
        values = dict(values)
        if "reference" in values:
            values["reference"] = Reference.objects.filter(slug=values["reference"]).first()
            if values["reference"] is None:
                continue  # the reference was deleted: leave the claim as it is
        _claim(apps, model, item_field, item_slug, cause_slug).filter(note=shipped_note).update(**values)
    never_over_drink = apps.get_model("library", "Strategy").objects.filter(slug="never-over-drink").first()
    hew_butler = Reference.objects.filter(slug="hew-butler-2015-hyponatraemia").first()
    if never_over_drink and hew_butler:
        never_over_drink.references.add(hew_butler)


class Migration(migrations.Migration):
    dependencies = [("library", "0009_medicines_linked_with_cramps")]

    operations = [
        migrations.AddField(
            model_name="exerciseclaim",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("prevents", "Prevents"),
                    ("eases", "Eases a cramp in progress"),
                    ("safety", "Safety rule"),
                ],
                default="prevents",
                help_text="What the evidence is about: preventing cramps from this cause, easing a cramp once it "
                "has started, or a safety rule. Only prevention claims count when plans are ranked.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="strategyclaim",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("prevents", "Prevents"),
                    ("eases", "Eases a cramp in progress"),
                    ("safety", "Safety rule"),
                ],
                default="prevents",
                help_text="What the evidence is about: preventing cramps from this cause, easing a cramp once it "
                "has started, or a safety rule. Only prevention claims count when plans are ranked.",
                max_length=10,
            ),
        ),
        migrations.RunPython(mark_purposes, migrations.RunPython.noop),
    ]
