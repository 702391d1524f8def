"""Red flags by the guidance (issue 18): muscle breakdown after hard or long exercise from any one sign,
thresholds at the cautious reading of sources that give no number, night cramps read from the clock
asking to be confirmed, and medicines linked with cramps found in what the athlete wrote."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.insights import summary
from athletes.insights.flag_rules import flag_source
from athletes.models import AthleteProfile, CrampEpisode, User
from conftest import count_queries
from library.models import CrampMedicine, RedFlag

from .coaching import link
from .factories import make_episode

NOON = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
SOON, SAME_DAY, EMERGENCY = RedFlag.Urgency.SOON, RedFlag.Urgency.SAME_DAY, RedFlag.Urgency.EMERGENCY


def episode(**fields):
    """An unsaved episode at noon today: the flags read its fields only."""
    return CrampEpisode(**{"muscle": "calves", "severity": 5, "occurred_at": NOON, **fields})


def at(hour, **fields):
    return episode(occurred_at=NOON.replace(hour=hour), **fields)


def reasons(*episodes, **kwargs):
    return insights.red_flag_reasons(list(episodes), now=NOON + timedelta(hours=1), **kwargs)


def urgencies(*episodes, **kwargs):
    """{slug: urgency} of the flags raised, with the built-in wording."""
    return {flag.slug: flag.urgency for flag in insights.raise_flags(reasons(*episodes, **kwargs), wording={})}


def medicine(name, words):
    return CrampMedicine(slug=name.lower().split()[0], name=name, match_words=words)


def statins():
    return medicine("Statins (for cholesterol)", "statin, simvastatin, atorvastatin, Lipitor")


STATINS = statins()
DIURETICS = medicine("Diuretics (water tablets)", "diuretic, water tablet, water pill, furosemide")
INHALERS = medicine("β2-agonist inhalers", "salbutamol, albuterol, Ventolin, salmeterol, β2-agonist")
MEDICINES = [STATINS, DIURETICS, INHALERS]


# Muscle breakdown after hard or long exercise (CDC/NIOSH): any one sign, any severity, same day


def test_weakness_after_a_70_minute_hard_session_is_a_same_day_flag_at_any_severity():
    flags = urgencies(episode(muscle_weakness=True, severity=3, minutes_into_session=70, session_rpe=8))
    assert flags["dark-urine"] == SAME_DAY
    text = reasons(episode(muscle_weakness=True, severity=3, minutes_into_session=70, session_rpe=8))
    assert text["dark-urine"].text.startswith("Muscle weakness after hard or long exercise, logged on")


def test_pain_far_worse_than_the_effort_after_a_competition_is_a_same_day_flag():
    flags = urgencies(episode(pain_far_worse_than_effort=True, setting="competition", severity=4))
    assert flags == {"dark-urine": SAME_DAY}
    [flag] = insights.raise_flags(reasons(episode(pain_far_worse_than_effort=True, setting="competition")), wording={})
    assert flag.reason.startswith("Pain far worse than the effort explains after hard or long exercise")
    assert "creatine kinase (CK) blood test" in flag.guidance


def test_dark_urine_after_100_minutes_at_rpe_5_is_a_same_day_flag():
    assert urgencies(episode(dark_urine=True, minutes_into_session=100, session_rpe=5)) == {"dark-urine": SAME_DAY}


def test_all_three_signs_after_hard_exercise_make_one_same_day_reason_naming_them():
    found = reasons(episode(muscle_weakness=True, pain_far_worse_than_effort=True, dark_urine=True, session_rpe=9))
    assert found["dark-urine"].text.startswith(
        "Muscle weakness, pain far worse than the effort explains, dark urine after hard or long exercise"
    )


@pytest.mark.parametrize(
    "session",
    [{"session_rpe": 7}, {"minutes_into_session": 90}, {"setting": "competition"}],
    ids=["rpe-7", "90-minutes", "competition"],
)
@pytest.mark.parametrize("sign", ["muscle_weakness", "pain_far_worse_than_effort", "dark_urine"])
def test_each_sign_at_the_edge_of_hard_or_long_is_a_same_day_flag(sign, session):
    assert urgencies(episode(severity=1, **{sign: True}, **session))["dark-urine"] == SAME_DAY


@pytest.mark.parametrize(
    "session",
    [{}, {"session_rpe": 6}, {"minutes_into_session": 89}, {"setting": "training", "session_rpe": 5}],
    ids=["no-session", "rpe-6", "89-minutes", "easy-training"],
)
def test_weakness_without_hard_or_long_exercise_asks_for_an_appointment(session):
    assert urgencies(episode(muscle_weakness=True, **session)) == {"muscle-weakness": SOON}


def test_pain_far_worse_than_the_effort_without_hard_exercise_is_a_severe_cramp_to_book_in():
    found = reasons(episode(pain_far_worse_than_effort=True, session_rpe=4, minutes_into_session=30))
    assert set(found) == {"frequent-or-severe"}
    assert found["frequent-or-severe"].text.startswith("Pain far worse than the effort explains logged on")


def test_dark_urine_without_hard_exercise_is_still_a_same_day_flag():
    assert urgencies(episode(dark_urine=True, session_rpe=6)) == {"dark-urine-without-hard-exercise": SAME_DAY}


@pytest.mark.django_db
def test_the_episode_form_offers_the_pain_sign_and_the_flag_follows(athlete_client, athlete):
    body = athlete_client.get(reverse("athletes:episode-create")).content.decode()
    assert "Pain far worse than the effort explains" in body
    athlete_client.post(
        reverse("athletes:episode-create"),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "muscle": "calves",
            "severity": 3,
            "setting": "competition",
            "pain_far_worse_than_effort": "on",
        },
    )
    assert athlete.episodes.get().pain_far_worse_than_effort
    [flag] = insights.red_flags_for(athlete)
    assert (flag.slug, flag.urgency) == ("dark-urine", SAME_DAY)


def test_the_pain_sign_is_a_warning_sign_listed_with_the_others():
    assert "pain_far_worse_than_effort" in CrampEpisode.WARNING_SIGNS
    assert episode(pain_far_worse_than_effort=True).warning_signs == ["pain far worse than the effort explains"]


# Other warning signs


def test_a_cramp_of_just_over_ten_minutes_is_a_same_day_flag_and_ten_minutes_is_not():
    assert urgencies(episode(duration_minutes=Decimal("10.1"))) == {"long-cramp": SAME_DAY}
    assert urgencies(episode(duration_minutes=Decimal("10"))) == {}


def test_vomiting_with_a_cramp_is_an_emergency():
    assert urgencies(episode(vomiting=True)) == {"vomiting": EMERGENCY}


def test_one_swollen_leg_is_same_day_both_legs_and_numbness_are_to_book_in():
    assert urgencies(episode(leg_swelling=True, side="left")) == {"clot-signs": SAME_DAY}
    assert urgencies(episode(leg_swelling=True, side="both")) == {"leg-swelling": SOON}
    assert urgencies(episode(numbness=True)) == {"numbness": SOON}


# Patterns at the cautious reading of the guidance


def test_four_cramps_in_28_days_are_frequent_and_three_are_not():
    four = [episode(occurred_at=NOON - timedelta(days=6 * i)) for i in range(4)]
    assert reasons(*four, previous_count=4)["frequent-or-severe"].text == "4 cramps in the last 28 days."
    assert "frequent-or-severe" not in reasons(*four[:3], previous_count=3)


def test_two_cramps_of_8_or_one_of_10_are_severe_and_one_of_9_is_not():
    assert "frequent-or-severe" in reasons(episode(severity=8), episode(severity=8))
    assert "frequent-or-severe" in reasons(episode(severity=10))
    assert "frequent-or-severe" not in reasons(episode(severity=9))


def test_two_night_cramps_in_bed_are_a_sleep_flag_that_asserts_it():
    found = reasons(at(3, setting="night"), at(2, setting="night"))
    assert set(found) == {"sleep-disturbing"}
    assert found["sleep-disturbing"].text == "2 cramps at night in bed in the last 28 days."
    assert "sleep-disturbing" not in reasons(at(3, setting="night"))


def test_two_quick_logs_in_the_small_hours_are_worded_as_needing_confirmation():
    found = reasons(at(1), at(1))
    assert set(found) == {"night-cramps-to-confirm"}
    assert found["night-cramps-to-confirm"].text == (
        "2 cramps logged between midnight and 6 am with no setting in the last 28 days: "
        "read from the clock alone, not confirmed as night cramps in bed."
    )
    [flag] = insights.raise_flags(found, wording={})
    assert "keep breaking" not in flag.title
    assert "If you were in bed, open each one and choose “At night in bed” in its details." in flag.guidance
    assert "read from the clock alone" in flag.source


def test_one_night_in_bed_and_one_small_hours_log_still_ask_to_confirm():
    found = reasons(at(2, setting="night"), at(4))
    assert set(found) == {"night-cramps-to-confirm"}
    assert ", and 1 at night in bed:" in found["night-cramps-to-confirm"].text


def test_cramps_at_3_am_at_rest_are_cramps_at_rest_not_night_cramps():
    found = reasons(at(3, setting="rest"), at(3, setting="rest"))
    assert "sleep-disturbing" not in found
    assert "night-cramps-to-confirm" not in found
    assert "no-obvious-cause" in found


def test_two_cramps_at_rest_away_from_training_have_no_obvious_cause_and_one_does_not():
    assert "no-obvious-cause" in reasons(episode(setting="rest"), episode(setting="rest"))
    assert "no-obvious-cause" not in reasons(episode(setting="rest"))


def test_every_flag_cites_its_source_with_the_numbers_used():
    for slug in insights.FLAG_DEFAULTS:
        assert flag_source(slug), slug
    assert "4 or more in 28 days" in flag_source("frequent-or-severe")
    assert "2 night cramps in bed in 28 days" in flag_source("sleep-disturbing")
    assert "more than 10 minutes" in flag_source("long-cramp")
    assert "CDC/NIOSH" in flag_source("dark-urine")


# Medicines linked with cramps, found in free text


def test_a_statin_named_in_an_episodes_notes_raises_the_medicines_flag_quoting_it():
    found = reasons(episode(notes="Started simvastatin last week. Legs heavy."), medicines=MEDICINES)
    day = timezone.localtime(NOON).strftime("%-d %b")
    assert found["medicines-and-conditions"].text == (
        f"“Started simvastatin last week” in the notes of {day} (Statins (for cholesterol)), "
        "with 1 cramp in the last 28 days."
    )
    assert urgencies(episode(notes="started a statin two weeks ago"), medicines=MEDICINES) == {
        "medicines-and-conditions": SOON
    }


@pytest.mark.parametrize(
    "notes", ["new water tablet from the GP", "on STATINS now", "two puffs of ventolin before the match"]
)
def test_class_words_and_brand_names_match_in_any_case_and_plural(notes):
    assert "medicines-and-conditions" in reasons(episode(notes=notes), medicines=MEDICINES)


@pytest.mark.parametrize("notes", ["nystatin cream for athlete's foot", "ironman training", "waterproof tablet case"])
def test_words_inside_other_words_do_not_match(notes):
    assert reasons(episode(notes=notes), medicines=MEDICINES) == {}


def test_ventolin_in_the_profiles_other_medicines_raises_the_flag():
    found = reasons(episode(), profile=AthleteProfile(other_medicines="Ventolin"), medicines=MEDICINES)
    assert found["medicines-and-conditions"].text == (
        "“Ventolin” in the profile's other medicines (β2-agonist inhalers), with 1 cramp in the last 28 days."
    )


def test_a_ticked_class_and_a_named_medicine_are_both_given():
    profile = AthleteProfile(takes_statins=True, other_medicines="salbutamol")
    text = reasons(episode(notes="new water pill"), profile=profile, medicines=MEDICINES)[
        "medicines-and-conditions"
    ].text
    assert text.startswith("Statins listed in the profile; “salbutamol” in the profile's other medicines")
    assert "“new water pill” in the notes of" in text


def test_no_medicine_flag_without_cramps_or_without_the_list():
    assert reasons(profile=AthleteProfile(other_medicines="Ventolin"), medicines=MEDICINES) == {}
    assert reasons(episode(notes="started simvastatin")) == {}  # no list given: only ticked classes count


def test_a_long_note_is_quoted_around_the_medicine():
    notes = "Long ride in the hills with friends and a café stop after two hours and then furosemide was mentioned"
    text = reasons(episode(notes=notes), medicines=MEDICINES)["medicines-and-conditions"].text
    quote = text.split("”")[0].lstrip("“")
    assert "furosemide" in quote
    assert quote.startswith("…")
    assert len(quote) <= 75


@pytest.mark.django_db
def test_the_shipped_list_finds_the_medicines_athletes_write():
    call_command("load_library", verbosity=0)
    medicines = list(CrampMedicine.objects.all())
    assert {m.slug for m in medicines} >= {"statins", "diuretics", "beta2-agonist-inhalers", "naproxen"}
    for notes in ("started simvastatin", "new water tablet", "Ventolin", "Aleve for my knee", "on raloxifene"):
        assert "medicines-and-conditions" in reasons(episode(notes=notes), medicines=medicines), notes
    for notes in ("nystatin", "ironing", "iron tablets"):
        assert reasons(episode(notes=notes), medicines=medicines) == {}, notes
    for medicine_row in medicines:
        assert medicine_row.reference is not None, medicine_row.slug


@pytest.mark.django_db
def test_red_flags_read_the_medicine_list_once_and_only_when_there_is_text(athlete, django_assert_num_queries):
    statins().save()
    make_episode(athlete, notes="started atorvastatin")
    athlete = User.objects.get(pk=athlete.pk)
    # episodes, previous window with the medicines, the medicine list, wording, acknowledgements
    with django_assert_num_queries(5):
        flags = insights.red_flags_for(athlete)
    assert [f.slug for f in flags] == ["medicines-and-conditions"]
    athlete.episodes.update(notes="")
    athlete = User.objects.get(pk=athlete.pk)
    with django_assert_num_queries(2):  # no text to read: no list, and no flag
        assert insights.red_flags_for(athlete) == []


def _coached_athletes_with_notes(coach, names):
    for name in names:
        athlete = User.objects.create_user(name, password="x", role=User.Role.ATHLETE)
        link(coach, athlete)
        make_episode(athlete, notes="new statin")


@pytest.mark.django_db
def test_the_dashboard_reads_the_medicine_list_once_for_all_athletes(coach_client, coach):
    statins().save()
    _coached_athletes_with_notes(coach, ["runner1", "runner2"])
    two = count_queries(coach_client, reverse("athletes:dashboard"))
    _coached_athletes_with_notes(coach, ["runner3", "runner4", "runner5", "runner6"])
    summary.invalidate_all()
    assert count_queries(coach_client, reverse("athletes:dashboard")) == two
    body = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert body.count("Cramps while taking a medicine linked with cramps") == 6


@pytest.mark.django_db
def test_a_medicine_added_in_the_admin_reaches_the_dashboard(coach_client, coach, athlete):
    link(coach, athlete)
    make_episode(athlete, notes="started rosuvastatin")
    assert "Cramps while taking a medicine" not in coach_client.get(reverse("athletes:dashboard")).content.decode()
    CrampMedicine.objects.create(slug="statins", name="Statins", match_words="rosuvastatin")
    assert "Cramps while taking a medicine" in coach_client.get(reverse("athletes:dashboard")).content.decode()


# Who reads it: the athlete in the second person, the coach in the third


@pytest.mark.django_db
def test_an_old_urgent_flag_speaks_to_the_athlete_and_about_them_to_the_coach(client, athlete, coach):
    link(coach, athlete)
    make_episode(athlete, dark_urine=True, session_rpe=9, days_ago=3)
    client.force_login(athlete)
    mine = client.get(reverse("athletes:insights")).content.decode()
    assert "That was more than two days ago: if you are not back to normal, seek care today." in mine
    assert "Why: CDC/NIOSH on exertional rhabdomyolysis" in mine
    client.force_login(coach)
    theirs = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "That was more than two days ago: if Alex is not back to normal, they should seek care today." in theirs
    assert "if you are not back to normal" not in theirs


@pytest.mark.django_db
def test_the_flag_page_cites_the_source_of_the_threshold(athlete_client, athlete):
    make_episode(athlete, days_ago=2, setting="night")
    make_episode(athlete, days_ago=3, setting="night")
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Night cramps that keep breaking sleep" in body
    assert "Why: The NHS (“Leg cramps”) and Mayo Clinic: see a doctor for cramps that disturb sleep." in body


@pytest.mark.django_db
def test_library_editors_edit_the_medicine_list_in_the_admin(staff_client):
    saved = statins()
    saved.save()
    listing = staff_client.get(reverse("admin:library_crampmedicine_changelist"), {"q": "simva"})
    assert "Statins (for cholesterol)" in listing.content.decode()
    response = staff_client.post(
        reverse("admin:library_crampmedicine_change", args=[saved.pk]),
        {"name_en": "Statins (for cholesterol)", "slug": "statins", "match_words": "statin, Crestor", "order": 1},
    )
    assert response.status_code == 302
    assert CrampMedicine.objects.get().find_in("one Crestor a day")
    assert staff_client.get(reverse("admin:library_crampmedicine_add")).status_code == 200
