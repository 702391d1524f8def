import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from library import revision
from library.models import AthleteFocus, Cause, RoutineTemplateItem
from library.translation import TRANSLATED

FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"
MODELS = {f"{model._meta.app_label}.{model._meta.model_name}": model for model in TRANSLATED}


class Command(BaseCommand):
    help = (
        "Load the library content (causes, exercises, strategies, references, routines) into an empty library. "
        "With --reload, load it over the current content, undoing staff edits to the shipped items. A library "
        "that already has content gets the shipped translations its items lack, where their English is as shipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reload", action="store_true", help="Load even if the library has content.")

    def handle(self, *args, **options):
        if not FIXTURE.exists():
            self.stdout.write("No library fixture; skipping.")
            return
        if Cause.objects.exists() and not options["reload"]:
            added = add_missing_translations(json.loads(FIXTURE.read_text()))
            self.stdout.write("The library already has content; leaving it as staff left it (--reload to reset).")
            if added:
                self.stdout.write(f"Added the shipped translations to {added} items that had none.")
            return
        # Every text comes with its language (name_en, name_es); the default one is active, so the
        # columns shared by all languages hold the English, whatever language the caller had active.
        with translation.override(settings.LANGUAGE_CODE):
            call_command("loaddata", str(FIXTURE), verbosity=options["verbosity"])


def _natural_key(model, fields):
    """The natural key of a fixture object: the arguments of its model's get_by_natural_key."""
    if "slug" in fields:
        return (fields["slug"],)
    if model is AthleteFocus:
        return (fields["athlete_group"],)
    if model is RoutineTemplateItem:
        return (fields["template"][0], fields["position"])
    return (fields[model.item_field][0], fields["cause"][0])  # a claim: (its exercise's or habit's slug, its cause's)


def add_missing_translations(objects):
    """Give the library's shipped items the translations in `objects` (the fixture's rows) that they lack.

    A text is filled in only where the item has none in that language and its English is still
    the shipped one, so the translation says what the English says; staff edits, in any
    language, are left alone, and so are the items staff added. Returns how many items changed.
    One query per shipped item and one per item changed.
    """
    default = settings.LANGUAGE_CODE
    others = [code for code, _ in settings.LANGUAGES if code != default]
    changed = 0
    with transaction.atomic():
        for row in objects:
            model = MODELS.get(row["model"])
            if model is None:
                continue
            fields = row["fields"]
            try:
                item = model.objects.get_by_natural_key(*_natural_key(model, fields))
            except model.DoesNotExist:
                continue  # deleted by staff
            updates = {}
            for name in TRANSLATED[model]:
                if getattr(item, f"{name}_{default}") != fields.get(f"{name}_{default}"):
                    continue  # edited since it shipped: its shipped translation no longer says the same
                for language in others:
                    shipped = fields.get(f"{name}_{language}")
                    if shipped and not getattr(item, f"{name}_{language}"):
                        updates[f"{name}_{language}"] = shipped
            if updates:
                for name, value in updates.items():
                    setattr(item, name, value)
                # Saved, not updated: the signals run, so what is kept from the library (its pages, the
                # athletes' stored summaries, whose red-flag reasons name medicines) is built again.
                item.save(update_fields=list(updates))
                changed += 1
        if changed:
            revision.bump()
    return changed
