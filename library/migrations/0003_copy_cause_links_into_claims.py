"""Every existing item-to-cause link becomes a claim graded "No study found" until staff grade it."""

from django.db import migrations


def links_to_claims(apps, schema_editor):
    for item, claim_model in (("exercise", "ExerciseClaim"), ("strategy", "StrategyClaim")):
        links = apps.get_model("library", item.capitalize())._meta.get_field("causes").remote_field.through
        claims = apps.get_model("library", claim_model)
        claims.objects.bulk_create(
            [
                claims(**{f"{item}_id": getattr(link, f"{item}_id")}, cause_id=link.cause_id, grade="none", note="")
                for link in links.objects.all()
            ],
            ignore_conflicts=True,
        )


def claims_to_links(apps, schema_editor):
    for item, claim_model in (("exercise", "ExerciseClaim"), ("strategy", "StrategyClaim")):
        links = apps.get_model("library", item.capitalize())._meta.get_field("causes").remote_field.through
        claims = apps.get_model("library", claim_model)
        links.objects.bulk_create(
            [
                links(**{f"{item}_id": getattr(claim, f"{item}_id")}, cause_id=claim.cause_id)
                for claim in claims.objects.all()
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("library", "0002_claims_and_habit_items")]

    operations = [migrations.RunPython(links_to_claims, claims_to_links)]
