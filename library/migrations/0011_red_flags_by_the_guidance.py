"""Red flags by the guidance (issue 18), for an install whose library is already loaded: the muscle-breakdown
flag names all three signs, the sleep flag speaks to no one in particular (the coach reads it too), and the
flag for night cramps read from the clock alone is added. A row an editor has changed since is left alone.
A new install gets the same from `load_library`."""

from django.db import migrations

# {slug: (the title as shipped before, the title now)}
TITLES = {
    "dark-urine": (
        "After hard or long exercise: dark urine, or severe pain with weakness",
        "After hard or long exercise: weakness, pain far worse than expected, or dark urine",
    ),
    "sleep-disturbing": ("Night cramps that keep breaking your sleep", "Night cramps that keep breaking sleep"),
}

NEW_FLAG = {
    "slug": "night-cramps-to-confirm",
    "title": "Cramps in the small hours: were they night cramps in bed?",
    "urgency": "soon",
    "guidance": "These cramps were logged between midnight and 6 am with no setting, so Cramps reads them from "
    "the clock alone. If you were in bed, open each one and choose “At night in bed” in its "
    "details. Night cramps that keep waking you are worth a doctor's look: book an appointment with "
    "your doctor.",
    "order": 14,
    "references": ["nhs-leg-cramps", "mayo-clinic-muscle-cramp"],
}


def update_red_flags(apps, schema_editor):
    RedFlag = apps.get_model("library", "RedFlag")
    Reference = apps.get_model("library", "Reference")
    if not RedFlag.objects.exists():
        return  # a new install: load_library brings the whole library
    for slug, (shipped, now) in TITLES.items():
        RedFlag.objects.filter(slug=slug, title=shipped).update(title=now)
    fields = dict(NEW_FLAG)
    references = fields.pop("references")
    flag, created = RedFlag.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    if created:
        flag.references.set(Reference.objects.filter(slug__in=references))


def restore_titles(apps, schema_editor):
    RedFlag = apps.get_model("library", "RedFlag")
    for slug, (shipped, now) in TITLES.items():
        RedFlag.objects.filter(slug=slug, title=now).update(title=shipped)


class Migration(migrations.Migration):
    dependencies = [("library", "0010_claims_have_a_purpose")]

    operations = [migrations.RunPython(update_red_flags, restore_titles)]
