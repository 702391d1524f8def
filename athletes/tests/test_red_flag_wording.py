"""Red-flag wording: the library fixture and the built-in defaults agree; every flag sends to a professional."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from athletes import insights

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "library.json"
PROFESSIONALS = ("doctor", "GP", "pharmacist", "urgent care", "emergency")


def fixture_flags():
    rows = json.loads(FIXTURE.read_text())
    return {row["fields"]["slug"]: row["fields"] for row in rows if row["model"] == "library.redflag"}


def test_every_flag_the_rules_raise_has_a_library_row_with_the_same_title_and_urgency():
    rows = fixture_flags()
    for slug, (title, urgency, _) in insights.FLAG_DEFAULTS.items():
        assert slug in rows, slug
        assert rows[slug]["title_en"] == title, slug
        assert rows[slug]["urgency"] == urgency, slug


def test_the_library_names_each_flag_in_spanish_as_the_built_in_wording_does():
    """A Spanish reader meets one name per flag, whether the library's row or the built-in wording shows it."""
    rows = fixture_flags()
    with translation.override("es"):
        for slug, (title, _, _) in insights.FLAG_DEFAULTS.items():
            assert rows[slug]["title_es"] == str(title), slug


@pytest.mark.parametrize("slug", sorted(insights.FLAG_DEFAULTS))
def test_every_flag_points_to_a_healthcare_professional(slug):
    for guidance in (fixture_flags()[slug]["guidance_en"], insights.FLAG_DEFAULTS[slug][2]):
        assert any(who in guidance for who in PROFESSIONALS), (slug, guidance)


@pytest.mark.parametrize("slug", ["clot-signs", "dark-urine", "dark-urine-without-hard-exercise", "long-cramp"])
def test_same_day_flags_say_where_to_go_today(slug):
    for guidance in (fixture_flags()[slug]["guidance_en"], insights.FLAG_DEFAULTS[slug][2]):
        assert "urgent care centre or an emergency department" in guidance


def test_the_clot_flag_says_to_call_the_emergency_number_if_short_of_breath():
    for guidance in (fixture_flags()["clot-signs"]["guidance_en"], insights.FLAG_DEFAULTS["clot-signs"][2]):
        assert "short of breath or have chest pain, call the emergency number at once" in guidance


def test_the_muscle_breakdown_flag_asks_for_a_ck_blood_test():
    for guidance in (fixture_flags()["dark-urine"]["guidance_en"], insights.FLAG_DEFAULTS["dark-urine"][2]):
        assert "creatine kinase (CK) blood test" in guidance


def test_the_medicines_flag_says_not_to_stop_the_medicine():
    for guidance in (
        fixture_flags()["medicines-and-conditions"]["guidance_en"],
        insights.FLAG_DEFAULTS["medicines-and-conditions"][2],
    ):
        assert "do not stop or change the medicine on your own" in guidance
