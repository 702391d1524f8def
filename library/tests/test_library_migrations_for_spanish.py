"""An install whose library was loaded in English only: migrating keeps its text, now as the English, and
`load_library` then adds the shipped Spanish to the items still as shipped."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from library.models import Cause

from .test_library_migrations_for_issue_18 import back_to, forward_to_the_latest

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"


def shipped_cause(slug):
    return next(row["fields"] for row in json.loads(FIXTURE.read_text()) if row["fields"].get("slug") == slug)


def test_an_english_library_keeps_its_text_and_gets_the_shipped_spanish():
    apps = back_to("_library_in_english_and_spanish")
    OldCause = apps.get_model("library", "Cause")
    dehydration = shipped_cause("dehydration")
    OldCause.objects.create(
        slug="dehydration",
        name=dehydration["name_en"],
        category=dehydration["category"],
        summary=dehydration["summary_en"],
        mechanism=dehydration["mechanism_en"],
        order=1,
    )
    OldCause.objects.create(slug="own-cause", name="A cause staff added", category="fluids", summary="s", mechanism="m")

    forward_to_the_latest()

    with translation.override("es"):  # English where there is no Spanish yet
        assert Cause.objects.get(slug="dehydration").name == "Dehydration"
    assert Cause.objects.get(slug="own-cause").name_en == "A cause staff added"

    call_command("load_library", verbosity=0)  # the library has content: only its Spanish is added

    with translation.override("es"):
        cause = Cause.objects.get(slug="dehydration")
        assert (cause.name, cause.summary) == (dehydration["name_es"], dehydration["summary_es"])
        assert Cause.objects.get(slug="own-cause").name == "A cause staff added"
    assert Cause.objects.count() == 2  # nothing else was loaded over it
