"""The library in English and Spanish (library.translation): every shipped text has its Spanish, the pages
speak the reader's language, a text not yet written in Spanish shows in English, nothing kept in one language
is served in the other, and a library installed before it had Spanish gets the shipped Spanish from load_library."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from athletes.insights import episodes_in_window
from athletes.recommend import recommend
from athletes.tests.factories import make_episode
from library.models import Cause, Exercise, RedFlag, RoutineTemplate
from library.revision import kept
from library.translation import TRANSLATED

from .factories import exercise_change_form, make_cause, make_claim, make_exercise, make_template

pytestmark = pytest.mark.django_db

FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"
MODELS = {f"{model._meta.app_label}.{model._meta.model_name}": model for model in TRANSLATED}


def shipped():
    return json.loads(FIXTURE.read_text())


def speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def page(client, name, *args):
    return client.get(reverse(name, args=args)).content.decode()


# The shipped library --------------------------------------------------------------------------------


def test_every_translated_text_of_every_shipped_item_has_its_spanish():
    rows = [row for row in shipped() if row["model"] in MODELS]
    assert {row["model"] for row in rows} == set(MODELS), "every translated kind of item ships"
    checked = 0
    for row in rows:
        model, fields = MODELS[row["model"]], row["fields"]
        for name in TRANSLATED[model]:
            where = (row["model"], fields.get("slug") or fields.get("position"), name)
            assert name not in fields, f"{where}: give the text as {name}_en and {name}_es"
            english, spanish = fields.get(f"{name}_en") or "", fields.get(f"{name}_es") or ""
            if not english.strip():
                assert not spanish, where  # nothing to translate: no Spanish of its own either
                continue
            assert spanish.strip(), f"{where}: no Spanish"
            assert spanish != english, f"{where}: the Spanish is the English"
            limit = model._meta.get_field(name).max_length
            assert limit is None or len(spanish) <= limit, f"{where}: {len(spanish)} characters, at most {limit}"
            checked += 1
    assert checked >= 400  # every cause, exercise, habit, claim, plan and its items, red flag, reference...


def test_the_shipped_library_loads_with_both_languages(db):
    call_command("load_library", verbosity=0)
    calf = Exercise.objects.get(slug="slow-calf-raises")
    assert (calf.name_en, calf.name_es) == ("Slow calf raises", "Elevaciones de talones lentas")
    with translation.override("es"):
        assert Cause.objects.get(slug="dehydration").name == "Deshidratación"
        assert Exercise.objects.get(slug="slow-calf-raises").dose_text == "15–20 repeticiones × 3 series"
    with translation.override("en"):
        assert Cause.objects.get(slug="dehydration").name == "Dehydration"


# Pages in the reader's language ----------------------------------------------------------------------


def test_a_spanish_reader_gets_the_library_in_spanish(athlete_client, athlete):
    call_command("load_library", verbosity=0)
    speaking(athlete, "es")
    index = page(athlete_client, "library:index")
    for spanish in ("Deshidratación", "Pérdida de sodio en el sudor", "Fatiga neuromuscular y sobreuso"):
        assert spanish in index
    for english in ("Dehydration", "Sodium loss in sweat", "Neuromuscular fatigue and overuse"):
        assert english not in index
    assert "Calambres con debilidad muscular" in index  # the red flags too
    exercise = page(athlete_client, "library:exercise-detail", "slow-calf-raises")
    assert "Elevaciones de talones lentas" in exercise
    assert "15–20 repeticiones × 3 series" in exercise
    assert "Sube de puntillas contando tres segundos." in exercise
    assert "Slow calf raises" not in exercise
    assert "Push up onto your toes" not in exercise
    speaking(athlete, "en")
    assert "Slow calf raises" in page(athlete_client, "library:exercise-detail", "slow-calf-raises")
    assert "Dehydration" in page(athlete_client, "library:index")


def test_a_text_not_yet_written_in_spanish_shows_in_english(athlete_client, athlete):
    dehydration = make_cause("dehydration", name="Dehydration", summary="Losing more fluid than you drink.")
    dehydration.name_es = "Deshidratación"
    dehydration.save()
    make_cause("new-cause", name="A cause staff just added")
    calf = make_exercise("slow-calf-raises", name="Slow calf raises", how_to="Rise slowly.", causes=[dehydration])
    calf.name_es = "Elevaciones de talones lentas"
    calf.save()
    speaking(athlete, "es")
    index = page(athlete_client, "library:index")
    assert "Deshidratación" in index
    assert "Losing more fluid than you drink." in index  # its summary has no Spanish yet
    assert "A cause staff just added" in index  # nor has this name
    exercise = page(athlete_client, "library:exercise-detail", "slow-calf-raises")
    assert "Elevaciones de talones lentas" in exercise
    assert "Rise slowly." in exercise


def test_a_red_flag_the_library_wrote_in_spanish_is_read_in_its_spanish(athlete_client, athlete):
    RedFlag.objects.create(
        slug="numbness",
        title_en="Leg numbness (library)",
        title_es="Entumecimiento de las piernas (biblioteca)",
        guidance_en="See your GP (library).",
        guidance_es="Pide cita con tu médico de cabecera (biblioteca).",
        urgency="soon",
    )
    make_episode(athlete, days_ago=1, setting="night", numbness=True)
    speaking(athlete, "es")
    spanish = page(athlete_client, "athletes:insights")
    assert "Entumecimiento de las piernas (biblioteca)" in spanish
    assert "Pide cita con tu médico de cabecera (biblioteca)." in spanish
    assert "(library)" not in spanish
    speaking(athlete, "en")
    assert "Leg numbness (library)" in page(athlete_client, "athletes:insights")


# The admin -------------------------------------------------------------------------------------------------


def test_staff_write_an_exercise_in_both_languages_in_the_admin(staff_client, athlete):
    calf = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[make_cause("neuromuscular-fatigue")])
    url = reverse("admin:library_exercise_change", args=[calf.pk])
    form = staff_client.get(url).content.decode()
    for box in ("name_en", "name_es", "how_to_en", "how_to_es", "claims-0-note_en", "claims-0-note_es"):
        assert f'name="{box}"' in form, box
    # Plain boxes, no tabs: nothing the Content-Security-Policy (script-src 'self', no inline script) refuses.
    assert "<script>" not in form
    assert "googleapis" not in form
    assert "modeltranslation/js" not in form
    spanish = {"name_es": "Elevaciones de talones lentas", "how_to_es": "Sube despacio."}
    response = staff_client.post(url, exercise_change_form(calf, **spanish, **{"claims-0-note_es": "Sin ensayos."}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    calf.refresh_from_db()
    assert (calf.name_en, calf.name_es, calf.how_to_es) == ("Slow calf raises", *spanish.values())
    reader = Client()
    reader.force_login(speaking(athlete, "es"))
    body = page(reader, "library:exercise-detail", "slow-calf-raises")
    assert "Elevaciones de talones lentas" in body
    assert "Sin ensayos." in body


def test_the_english_name_is_required_and_the_spanish_one_is_not(staff_client):
    response = staff_client.post(
        reverse("admin:library_cause_add"),
        {"name_en": "", "name_es": "Deshidratación", "slug": "dehydration", "category": "fluids", "order": 1},
    )
    assert response.status_code == 200
    assert "name_en" in response.context["adminform"].form.errors
    for slug in ("new-cause", "other-cause"):  # two without Spanish names: no clash
        response = staff_client.post(
            reverse("admin:library_cause_add"),
            {
                "name_en": slug.replace("-", " ").capitalize(),
                "name_es": "",
                "slug": slug,
                "category": "fluids",
                "summary_en": "A summary.",
                "mechanism_en": "How it works.",
                "order": 1,
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(Cause.objects.values_list("name_es", flat=True)) == {None}


# Nothing kept crosses languages -----------------------------------------------------------------------


def test_what_is_kept_from_the_library_is_kept_once_per_language():
    built = []

    def build():
        built.append(translation.get_language())
        return translation.get_language()

    for language in ("en", "es", "en", "es"):
        with translation.override(language):
            assert kept("a page", build) == language
    assert built == ["en", "es"]


PAGES = [
    (("library:index",), "Dehydration", "Deshidratación"),
    (("library:exercise-detail", "slow-calf-raises"), "Slow calf raises", "Elevaciones de talones lentas"),
    (("library:routine-detail", "fluids-and-sodium-plan"), "Fluids and sodium plan", "Plan de líquidos y sodio"),
]


@pytest.mark.parametrize(("url", "english", "spanish"), PAGES)
def test_a_library_page_kept_in_one_language_is_not_served_in_the_other(athlete_client, athlete, url, english, spanish):
    call_command("load_library", verbosity=0)
    for _ in range(2):  # the second request in each language reads what the first one kept
        speaking(athlete, "en")
        body = page(athlete_client, *url)
        assert english in body
        assert spanish not in body
        speaking(athlete, "es")
        body = page(athlete_client, *url)
        assert spanish in body
        assert english not in body


def test_the_suggested_plans_speak_each_readers_language(athlete_client, athlete):
    call_command("load_library", verbosity=0)
    for days_ago in range(4):  # an athlete without a coach, whose cramps point to low fluids
        make_episode(athlete, days_ago=days_ago, setting="training", fluid_intake="none")
    speaking(athlete, "en")
    english = page(athlete_client, "athletes:routine")
    assert "Fluids and sodium plan" in english
    speaking(athlete, "es")
    spanish = page(athlete_client, "athletes:routine")
    assert "Plan de líquidos y sodio" in spanish
    assert "Fluids and sodium plan" not in spanish
    assert "Dehydration" not in spanish
    speaking(athlete, "en")
    assert "Plan de líquidos y sodio" not in page(athlete_client, "athletes:routine")


def test_the_suggestions_come_in_the_same_order_in_every_language(athlete):
    """Two plans that tie on everything but their names: the English name decides, in Spanish too."""
    cause = make_cause("dehydration", name="Dehydration")
    drink = make_exercise("drink", name="Drink to a plan")
    make_claim(drink, cause)
    alpha = make_template("alpha", name="Alpha plan", causes=[cause], exercises=[drink])
    beta = make_template("beta", name="Beta plan", causes=[cause], exercises=[drink])
    RoutineTemplate.objects.filter(pk=alpha.pk).update(name_es="Plan zeta")
    RoutineTemplate.objects.filter(pk=beta.pk).update(name_es="Plan alfa")
    for days_ago in range(3):
        make_episode(athlete, days_ago=days_ago, setting="training", suspected=[cause])
    orders = {}
    for language in ("en", "es"):
        with translation.override(language):
            picks = recommend(episodes_in_window(athlete), athlete_group="gym")
            orders[language] = [pick.template.slug for pick in picks]
    assert orders["en"] == orders["es"] == ["alpha", "beta"]


# A library installed before it had Spanish ----------------------------------------------------------------


def _without_spanish():
    """The library as an install from before the Spanish has it: every Spanish text empty."""
    for model, names in TRANSLATED.items():
        model.objects.update(**{f"{name}_es": None for name in names})


def test_load_library_gives_an_installed_library_the_shipped_spanish(athlete_client, athlete):
    call_command("load_library", verbosity=0)
    _without_spanish()
    Exercise.objects.filter(slug="toe-yoga").update(dose_text_en="12 reps")  # an editor's change
    Cause.objects.filter(slug="sodium-loss").update(name_es="Sodio perdido en el sudor")  # an editor's Spanish
    speaking(athlete, "es")
    assert "Dehydration" in page(athlete_client, "library:index")  # English, until the Spanish is loaded

    call_command("load_library", verbosity=0)

    index = page(athlete_client, "library:index")  # what was kept before is built again
    assert "Deshidratación" in index
    assert "Dehydration" not in index
    assert "Sodio perdido en el sudor" in index  # the editor's Spanish stays
    with translation.override("es"):
        toe_yoga = Exercise.objects.get(slug="toe-yoga")
        assert toe_yoga.dose_text == "12 reps"  # the shipped Spanish would not say what the edited English says
        assert toe_yoga.name == "Yoga de los dedos del pie"
    for row in shipped():
        model = MODELS.get(row["model"])
        if model is None or row["fields"].get("slug") in {"toe-yoga", "sodium-loss"}:
            continue
        item = model.objects.filter(**_lookup(model, row["fields"])).get()
        for name in TRANSLATED[model]:
            assert (getattr(item, f"{name}_es") or "") == (row["fields"].get(f"{name}_es") or ""), (row, name)


def _lookup(model, fields):
    if "slug" in fields:
        return {"slug": fields["slug"]}
    if "athlete_group" in fields:
        return {"athlete_group": fields["athlete_group"]}
    if "template" in fields:
        return {"template__slug": fields["template"][0], "position": fields["position"]}
    return {f"{model.item_field}__slug": fields[model.item_field][0], "cause__slug": fields["cause"][0]}


def test_reloading_puts_back_the_shipped_spanish(db):
    call_command("load_library", verbosity=0)
    Cause.objects.filter(slug="dehydration").update(name_es="Algo distinto")
    call_command("load_library", "--reload", verbosity=0)
    assert Cause.objects.get(slug="dehydration").name_es == "Deshidratación"


def test_the_spanish_load_library_adds_puts_the_athletes_stored_figures_out_of_date(athlete):
    """The stored red-flag reasons name medicines in each language: Spanish added to the library is read
    again, not served from a summary worked out before it."""
    from athletes.models import AthleteSummary

    call_command("load_library", verbosity=0)
    _without_spanish()
    AthleteSummary.objects.update_or_create(athlete=athlete, defaults={"version": 3, "computed_version": 3})
    call_command("load_library", verbosity=0)
    summary = AthleteSummary.objects.get(athlete=athlete)
    assert summary.version > summary.computed_version


def test_an_item_saved_in_spanish_keeps_english_in_its_own_column(db):
    """A translated field's own column holds the English text whoever saves: it is unique, and the app
    reads it where modeltranslation does not (a migration undone, a raw query)."""
    from django.db import connection

    call_command("load_library", verbosity=0)
    with translation.override("es"):
        cause = Cause.objects.get(slug="dehydration")
        cause.summary_es = cause.summary_es + " "
        cause.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, name_es FROM library_cause WHERE slug = %s", ["dehydration"])
        assert cursor.fetchone() == ("Dehydration", "Deshidratación")
