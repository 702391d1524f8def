"""English and Spanish: the catalogue is complete and makemessages leaves it as committed; each member
reads pages and email in their own language, a visitor in the browser's; dates and numbers follow the
language; and nothing cached in one language is served in the other."""

import ast
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from athletes import services
from athletes.insights import dashboard_rows
from athletes.models import AthleteSummary, CoachLink, User
from athletes.tests.factories import make_episode

pytestmark = pytest.mark.django_db

SPANISH = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES"
# What makemessages reads besides the project's own code: nothing (the virtualenv, the benchmark, the tests,
# collected static files, the vendored scripts).
IGNORED = [".venv", "bench", "*/tests/*", "staticfiles", "static/vendor", "media", "test-results"]
# What the copy of the project for makemessages leaves out: no strings there, and some of it is big.
COPY_SKIPS = [".git", ".venv", "node_modules", "media", "staticfiles", "test-results", "__pycache__", "*.sqlite3*"]
COPY_SKIPS += ["backups", "bench", ".hypothesis", ".pytest_cache", ".ruff_cache", "*.mo"]
# The Python and template strings, and the scripts' strings (static/js).
DOMAINS = ["django", "djangojs"]
SPANISH_MONTHS = [
    *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
    *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
]
ENGLISH_MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]


# The catalogue ------------------------------------------------------------------------------


def read_po(path):
    """The entries of a .po file: [{"ctx", "id", "plural", "strs", "fuzzy"}], the header left out."""
    entries = []
    # Entries are apart by blank lines, and a comment always starts one (makemessages may leave no blank line).
    text = re.sub(r"^([^#\n][^\n]*)\n#", r"\1\n\n#", path.read_text(), flags=re.M)
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = {"ctx": None, "id": None, "plural": None, "strs": [], "fuzzy": False}
        key, parts = None, []

        def keep(key, parts, entry=entry):
            if key is None:
                return
            text = "".join(ast.literal_eval(part) for part in parts)
            if key.startswith("msgstr"):
                entry["strs"].append(text)
            else:
                entry[{"msgctxt": "ctx", "msgid": "id", "msgid_plural": "plural"}[key]] = text

        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            elif line.startswith('"'):
                parts.append(line)
            elif line and not line.startswith("#"):
                keep(key, parts)
                key, rest = line.split(" ", 1)
                parts = [rest]
        keep(key, parts)
        if entry["id"]:
            entries.append(entry)
    return entries


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text))


@pytest.fixture(scope="module", params=DOMAINS)
def regenerated(request, tmp_path_factory):
    """(makemessages run over a copy of the project, as a developer would run it; the committed file).

    A copy, because makemessages writes each file's strings into the locale folder beside it: run over
    the project itself it would rewrite the committed catalogue, and compare it with itself.
    """
    domain = request.param
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*COPY_SKIPS), symlinks=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command(
            "makemessages", locale=["es"], domain=domain, ignore_patterns=IGNORED, no_location=True, verbosity=0
        )
    return copy / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po", SPANISH / f"{domain}.po"


def test_makemessages_finds_exactly_the_strings_the_committed_catalogue_has(regenerated):
    def ids(path):
        return {(e["ctx"], e["id"], e["plural"]) for e in read_po(path)}

    made, committed = regenerated
    assert ids(made) == ids(committed), "run makemessages -l es (-d djangojs), then translate what it adds"
    assert len(ids(committed)) >= 9  # the reader found the entries (the scripts have nine strings, Python hundreds)


def test_every_spanish_entry_is_translated_and_none_is_fuzzy(regenerated):
    made, _ = regenerated
    for entry in read_po(made):
        assert not entry["fuzzy"], entry["id"]
        assert entry["strs"], entry["id"]
        assert all(text.strip() for text in entry["strs"]), f"untranslated: {entry['id']!r}"


def test_every_translation_keeps_the_placeholders_of_its_original(regenerated):
    made, _ = regenerated
    for entry in read_po(made):
        # A plural form follows the plural original, which may name a number the singular leaves out ("the day before").
        originals = [entry["id"]] + [entry["plural"] or entry["id"]] * (len(entry["strs"]) - 1)
        for text, original in zip(entry["strs"], originals, strict=True):
            assert placeholders(text) == placeholders(original), entry["id"]


def test_msgfmt_accepts_the_catalogue_with_its_format_checks(regenerated):
    made, _ = regenerated
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(made)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# Pages in each language ----------------------------------------------------------------------


def speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def flagged(athlete):
    """An athlete with a 12.5-minute cramp with numbness at night yesterday: two red flags, a decimal in words."""
    return make_episode(
        athlete, days_ago=1, setting="night", numbness=True, severity=7, duration_minutes=Decimal("12.5")
    )


def test_a_spanish_athlete_reads_the_log_insights_and_profile_in_spanish(athlete_client, athlete, flagged):
    speaking(athlete, "es")
    log = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert "Elige un músculo" in log
    assert "Choose a muscle" not in log
    insights = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "duró 12,5 minutos" in insights
    assert "lasted" not in insights
    assert "Entumecimiento" in insights
    profile = athlete_client.get(reverse("profile")).content.decode()
    assert "Zona horaria" in profile
    assert "Idioma" in profile
    assert "Time zone" not in profile
    assert '<html lang="es">' in profile


def test_red_flags_speak_spanish_while_the_library_holds_its_english_wording(athlete_client, athlete, flagged):
    from library.models import RedFlag

    RedFlag.objects.create(
        slug="numbness", title="Leg numbness (library)", guidance="See your GP (library).", urgency="soon"
    )
    speaking(athlete, "es")
    spanish = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Entumecimiento de las piernas con calambres" in spanish
    assert "(library)" not in spanish
    speaking(athlete, "en")
    english = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Leg numbness (library)" in english
    assert "See your GP (library)." in english


def test_an_english_athlete_reads_them_in_english_whatever_the_browser_says(athlete_client, athlete, flagged):
    speaking(athlete, "en")
    log = athlete_client.get(reverse("athletes:episode-list"), headers={"accept-language": "es"}).content.decode()
    assert "Choose a muscle" in log
    assert "Elige un músculo" not in log
    insights = athlete_client.get(reverse("athletes:insights"), headers={"accept-language": "es"}).content.decode()
    assert "lasted 12.5 minutes" in insights
    profile = athlete_client.get(reverse("profile"), headers={"accept-language": "es"}).content.decode()
    assert "Time zone" in profile
    assert "Zona horaria" not in profile


def test_a_member_without_a_language_of_their_own_gets_the_browsers(athlete_client, athlete):
    assert athlete.language == ""
    spanish = athlete_client.get(reverse("profile"), headers={"accept-language": "es-ES,es;q=0.9"}).content.decode()
    assert "Zona horaria" in spanish
    english = athlete_client.get(reverse("profile"), headers={"accept-language": "en-GB,en;q=0.9"}).content.decode()
    assert "Time zone" in english


def test_a_visitor_whose_browser_asks_for_spanish_gets_the_spanish_log_in_page(client):
    page = client.get(reverse("login"), headers={"accept-language": "es"})
    text = page.content.decode()
    assert page["Content-Language"] == "es"
    assert "Contraseña" in text  # Django's own form labels, and the page's language
    assert '<html lang="es">' in text
    english = client.get(reverse("login"), headers={"accept-language": "en"}).content.decode()
    assert "Password" in english
    assert "Contraseña" not in english


def test_a_visitor_can_switch_language_from_the_footer(client):
    page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "Contraseña" in client.get(reverse("login")).content.decode()


def test_the_scripts_get_their_words_in_the_pages_language(athlete_client, athlete):
    english_page = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert f'<script src="{reverse("javascript-catalog", args=["en"])}" defer></script>' in english_page
    speaking(athlete, "es")
    spanish_page = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert f'<script src="{reverse("javascript-catalog", args=["es"])}" defer></script>' in spanish_page
    spanish = athlete_client.get(reverse("javascript-catalog", args=["es"]))
    assert "Copiado" in spanish.content.decode()
    assert "Empezar a mantener %s s" in spanish.content.decode()
    english = athlete_client.get(reverse("javascript-catalog", args=["en"]))  # the address decides, not the member
    assert "Copiado" not in english.content.decode()


def test_the_scripts_words_may_be_kept_by_the_browser_and_need_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("javascript-catalog", args=["es"]))
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
    assert client.get(reverse("javascript-catalog", args=["fr"])).status_code == 404


def test_a_members_catalogue_is_still_public_and_their_pages_still_private(athlete_client):
    assert "no-store" not in athlete_client.get(reverse("javascript-catalog", args=["es"]))["Cache-Control"]
    assert "no-store" in athlete_client.get(reverse("athletes:episode-list"))["Cache-Control"]


def test_dates_and_numbers_follow_the_language(athlete_client, athlete, flagged):
    when = timezone.localtime(flagged.occurred_at)
    speaking(athlete, "es")
    spanish = athlete_client.get(reverse("athletes:insights")).content.decode()
    # "j M": the day and the month's short name, the Spanish one in Spanish.
    short_es = SPANISH_MONTHS[when.month - 1][:3].capitalize()
    assert f"registrado el {when.day} {short_es}" in spanish
    speaking(athlete, "en")
    english = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert f"logged on {when.day} {ENGLISH_MONTHS[when.month - 1][:3]}" in english


# Email in the reader's language ---------------------------------------------------------------


def assign(coach, athlete):
    return services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate(),
        sessions_per_week=3,
        weeks=4,
        note="",
        items=[],
        name="Calf care",
    )


def test_each_athlete_gets_the_coachs_email_in_their_own_language(
    coach, athlete, other_athlete, django_capture_on_commit_callbacks
):
    speaking(coach, "en")
    speaking(athlete, "es")
    speaking(other_athlete, "en")
    month = timezone.localdate().month
    with django_capture_on_commit_callbacks(execute=True):
        assign(coach, athlete)
        assign(coach, other_athlete)
    spanish, english = mail.outbox
    assert spanish.to == [athlete.email]
    assert english.to == [other_athlete.email]
    assert "te ha asignado una rutina" in spanish.subject
    assert "3 sesiones a la semana durante 4 semanas" in spanish.body
    assert SPANISH_MONTHS[month - 1] in spanish.body
    assert "gave you a routine" in english.subject
    assert "3 sessions a week for 4 weeks" in english.body
    assert ENGLISH_MONTHS[month - 1] in english.body


def test_a_coach_is_warned_of_a_red_flag_in_the_coachs_language(coach, athlete, django_capture_on_commit_callbacks):
    speaking(coach, "es")
    CoachLink.objects.create(coach=coach, athlete=athlete)
    with django_capture_on_commit_callbacks(execute=True):
        episode = make_episode(athlete, numbness=True, setting="night")
        services.notify_coaches_of_new_flags(episode)
    (warning,) = mail.outbox
    assert "ha registrado una señal de alarma" in warning.subject
    assert "profesional sanitario" in warning.body
    assert "healthcare" not in warning.body


def test_a_comment_email_reaches_each_reader_in_their_language(coach, athlete, django_capture_on_commit_callbacks):
    from athletes.comments import post_comment

    speaking(coach, "es")
    CoachLink.objects.create(coach=coach, athlete=athlete)
    episode = make_episode(athlete, setting="training")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(episode, author=athlete, text="Ouch.")
    (note,) = mail.outbox
    assert note.to == [coach.email]
    assert "un comentario nuevo" in note.subject


def test_someone_who_signs_up_in_spanish_gets_the_confirmation_in_spanish(client, django_capture_on_commit_callbacks):
    from athletes.tests.test_accounts import _signup_data

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), _signup_data(), headers={"accept-language": "es"}, follow=True)
    (confirmation,) = mail.outbox
    assert confirmation.subject == "Cramps: confirma tu correo electrónico"
    assert "El enlace es válido durante 3 días" in confirmation.body
    assert "Te damos la bienvenida a Cramps, Nia." in response.content.decode()
    assert User.objects.get(username="newbie").language == ""  # the browser's, until they choose


def test_what_is_saved_in_words_for_an_athlete_is_written_in_their_language(coach, athlete):
    speaking(athlete, "es")
    speaking(coach, "en")
    own = services.assign_routine(
        coach=None,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate(),
        sessions_per_week=2,
        weeks=2,
        note="",
        items=[],
        name="Mine",
        notify=False,
    )
    assign(coach, athlete)
    own.refresh_from_db()
    assert own.end_reason == "Sustituido por Calf care."


# The language choice on the profile ------------------------------------------------------------


def profile_form(user, **changes):
    data = {
        "account-first_name": user.first_name,
        "account-last_name": user.last_name,
        "account-email": user.email,
        "account-time_zone": user.time_zone,
        "account-language": user.language,
        "profile-athlete_type": "gym",
    }
    return {**data, **{f"account-{name}": value for name, value in changes.items()}}


def test_the_profile_saves_the_language_and_speaks_it_from_the_next_page(athlete_client, athlete):
    response = athlete_client.post(reverse("profile"), profile_form(athlete, language="es"), follow=True)
    athlete.refresh_from_db()
    assert athlete.language == "es"
    assert "Perfil guardado." in response.content.decode()
    response = athlete_client.post(reverse("profile"), profile_form(athlete, language=""), follow=True)
    athlete.refresh_from_db()
    assert athlete.language == ""
    assert "Profile saved." in response.content.decode()


def test_a_language_not_offered_is_a_form_error(athlete_client, athlete):
    response = athlete_client.post(reverse("profile"), profile_form(athlete, language="xx"))
    assert response.status_code == 200
    assert "Choose a language from the list." in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.language == ""


# Nothing cached crosses languages ----------------------------------------------------------------


def test_the_dashboard_row_kept_in_one_language_is_not_served_in_the_other(coach, client, athlete):
    """A row whose key holds no words at all: a plan that starts in January, its month written by the template."""
    CoachLink.objects.create(coach=coach, athlete=athlete)
    services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=None,
        start_date=date(timezone.localdate().year + 1, 1, 15),
        sessions_per_week=3,
        weeks=4,
        note="",
        items=[],
        name="Winter block",
        notify=False,
    )
    client.force_login(coach)
    for language, mine, other in [("en", "15 Jan", "15 Ene"), ("es", "15 Ene", "15 Jan")] * 2:
        speaking(coach, language)
        page = client.get(reverse("athletes:dashboard")).content.decode()
        assert mine in page, language
        assert other not in page, language


def test_the_library_kept_in_one_language_is_not_served_in_the_other(athlete_client, athlete):
    from library.models import Cause

    Cause.objects.create(
        slug="dehydration", name="Dehydration", category=Cause.Category.FLUIDS, summary="Too little.", mechanism="."
    )
    for language, mine, other in [("es", "Líquidos y electrolitos", "Fluids and electrolytes")] * 2 + [
        ("en", "Fluids and electrolytes", "Líquidos y electrolitos")
    ]:
        speaking(athlete, language)
        page = athlete_client.get(reverse("library:index")).content.decode()
        assert mine in page, language
        assert other not in page, language


def test_the_body_map_picker_kept_in_one_language_is_not_served_in_the_other(athlete_client, athlete, settings):
    settings.DEBUG = False  # the picker is drawn once per process and language only without DEBUG
    for language, mine, other in [("en", "Left calf", "Gemelo izquierdo"), ("es", "Gemelo izquierdo", "Left calf")] * 2:
        speaking(athlete, language)
        page = athlete_client.get(reverse("athletes:episode-create")).content.decode()
        assert mine in page, language
        assert other not in page, language


def test_the_flag_reasons_stored_for_the_dashboard_are_read_in_each_readers_language(athlete, flagged):
    athletes = User.objects.filter(pk=athlete.pk)
    with translation.override("es"):
        dashboard_rows(athletes)  # works the figures out, in a Spanish reader's request, and stores them
    stored = AthleteSummary.objects.get(athlete=athlete)
    assert stored.computed_version == stored.version
    with translation.override("en"):
        (row,) = dashboard_rows(athletes)  # reads the stored figures
    assert any("lasted 12.5 minutes" in flag.reason for flag in row.flags)
    with translation.override("es"):
        (row,) = dashboard_rows(athletes)
    assert any("duró 12,5 minutos" in flag.reason for flag in row.flags)
    assert AthleteSummary.objects.get(athlete=athlete).computed_at == stored.computed_at  # read, not worked out again
