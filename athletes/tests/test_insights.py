from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from athletes import insights
from athletes.models import AthleteProfile, CrampEpisode, User
from library.models import RedFlag
from library.tests.factories import make_cause

from .factories import make_episode, make_episodes

NOON = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)


def episode(**fields):
    """An unsaved episode at noon today (no night rule can fire): the rules read fields only."""
    return CrampEpisode(**{"muscle": "calves", "severity": 5, "occurred_at": NOON, **fields})


def local(hour, minute=0):
    """Today at this local time."""
    return NOON.replace(hour=hour, minute=minute)


@pytest.mark.parametrize(
    ("fields", "cause", "reason"),
    [
        ({"fluid_intake": "none"}, "dehydration", "little fluid in the hours before (session length not logged)"),
        ({"fluid_intake": "low"}, "dehydration", "little fluid in the hours before (session length not logged)"),
        ({"heavy_sweating": True}, "sodium-loss", "heavy sweating with no electrolytes"),
        ({"hot_conditions": True, "fluid_intake": "moderate"}, "dehydration", "hot or humid, without plenty to drink"),
        (
            {"minutes_into_session": 60, "session_rpe": 7},
            "neuromuscular-fatigue",
            "an hour or more into a hard session (RPE 7+)",
        ),
        (
            {"setting": "competition", "session_rpe": 8, "minutes_into_session": 30},
            "neuromuscular-fatigue",
            "30 minutes or more into a hard competition (RPE 8+)",
        ),
        ({"new_or_harder_training": True}, "lack-of-conditioning", "new or harder training"),
        ({"days_since_rest": 6}, "lack-of-recovery", "six or more days without a rest day"),
        ({"sleep_hours": Decimal("5.5")}, "lack-of-recovery", "under six hours' sleep"),
        ({"setting": "night"}, "nocturnal-cramps", "at night in bed"),
        ({"numbness": True}, "circulation-and-nerves", "numbness with the cramp"),
        ({"setting": "rest"}, "circulation-and-nerves", "at rest, not after a hard or long session"),
        ({"setting": "rest", "session_rpe": 7}, "neuromuscular-fatigue", "soon after a long or hard session"),
        ({"setting": "rest", "minutes_into_session": 90}, "neuromuscular-fatigue", "soon after a long or hard session"),
        ({"setting": "after_training", "session_rpe": 7}, "neuromuscular-fatigue", "soon after a long or hard session"),
        (
            {"occurred_at": local(0)},
            "nocturnal-cramps",
            "logged between midnight and 6 am, no setting given (in bed not confirmed)",
        ),
        (
            {"occurred_at": local(5, 59)},
            "nocturnal-cramps",
            "logged between midnight and 6 am, no setting given (in bed not confirmed)",
        ),
    ],
)
def test_each_rule_infers_its_cause_with_a_readable_reason(fields, cause, reason):
    assert insights.infer_causes(episode(**fields)) == {cause: [reason]}


@pytest.mark.parametrize(
    "fields",
    [
        {"fluid_intake": "moderate"},
        {"hot_conditions": True, "fluid_intake": "high"},
        {"heavy_sweating": True, "electrolytes_taken": True},
        {"minutes_into_session": 59, "session_rpe": 7},
        {"minutes_into_session": 60, "session_rpe": 6},
        {"setting": "competition", "session_rpe": 7},
        {"days_since_rest": 5},
        {"sleep_hours": Decimal("6")},
        {"setting": "training"},
        {"setting": "after_training"},
        {"setting": "after_training", "session_rpe": 6, "minutes_into_session": 89},
        {"setting": "after_training", "session_rpe": 6},
        {"setting": "competition", "session_rpe": 8, "minutes_into_session": 29},
        {"occurred_at": local(6)},
        {"occurred_at": local(23, 59)},
        {"occurred_at": local(3), "setting": "training"},
        {"occurred_at": local(3), "setting": "training", "session_rpe": 5},
    ],
)
def test_rules_stay_quiet_just_below_their_thresholds(fields):
    assert insights.infer_causes(episode(**fields)) == {}


@pytest.mark.parametrize("setting", ["rest", "after_training"])
def test_a_cramp_at_rest_after_a_hard_session_points_to_fatigue_not_circulation(setting):
    causes = insights.infer_causes(episode(setting=setting, session_rpe=8, minutes_into_session=100))
    assert "neuromuscular-fatigue" in causes
    assert "circulation-and-nerves" not in causes
    assert "dehydration" not in causes  # fluids only when the fluid context says so


def test_a_cramp_at_rest_after_a_hard_session_with_little_to_drink_points_to_fluids_too():
    causes = insights.infer_causes(episode(setting="rest", session_rpe=8, fluid_intake="low"))
    assert set(causes) == {"neuromuscular-fatigue", "dehydration"}


def test_the_small_hours_are_read_in_the_current_time_zone():
    three_am_in_tokyo = timezone.make_aware(datetime(2026, 3, 4, 3), timezone=ZoneInfo("Asia/Tokyo"))
    with timezone.override("Asia/Tokyo"):
        assert "nocturnal-cramps" in insights.infer_causes(episode(occurred_at=three_am_in_tokyo))
    with timezone.override("Europe/London"):  # 18:00 the day before
        assert "nocturnal-cramps" not in insights.infer_causes(episode(occurred_at=three_am_in_tokyo))


@pytest.mark.parametrize(
    ("fields", "hard"),
    [
        ({"session_rpe": 7}, True),
        ({"session_rpe": 6}, False),
        ({"minutes_into_session": 90}, True),
        ({"minutes_into_session": 89}, False),
        ({"setting": "competition"}, True),
        ({"setting": "training"}, False),
        ({"setting": "after_training"}, False),
    ],
)
def test_a_hard_or_long_session_is_rpe_7_or_90_minutes_or_a_competition(fields, hard):
    assert insights.hard_or_long_session(episode(**fields)) is hard


def test_an_episode_with_no_context_points_nowhere():
    assert insights.infer_causes(episode()) == {}


def test_mineral_imbalance_is_never_inferred_only_suspected():
    everything = episode(
        fluid_intake="none", heavy_sweating=True, minutes_into_session=90, session_rpe=9, setting="night"
    )
    assert "mineral-imbalance" not in insights.infer_causes(everything)


@pytest.mark.django_db
def test_the_trigger_profile_combines_rules_and_suspicions(athlete):
    dehydration = make_cause("dehydration", name="Dehydration")
    sodium = make_cause("sodium-loss", name="Sodium loss")
    minerals = make_cause("mineral-imbalance", name="Mineral imbalance")
    make_episode(athlete, fluid_intake="low", heavy_sweating=True)
    make_episode(athlete, fluid_intake="none", suspected=[dehydration])
    make_episode(athlete, suspected=[minerals])
    make_episode(athlete)

    shares = insights.trigger_profile(insights.episodes_in_window(athlete))

    assert [(s.cause, s.episodes) for s in shares] == [(dehydration, 2), (sodium, 1), (minerals, 1)]
    top = shares[0]
    assert top.percent == 50
    assert top.explanation == "little fluid in the hours before (session length not logged) (2×); you suspected it 1×"
    assert shares[2].explanation == "you suspected it 1×"


@pytest.mark.django_db
def test_the_trigger_profile_only_counts_the_window(athlete):
    make_cause("nocturnal-cramps")
    make_episode(athlete, setting="night", days_ago=2)
    make_episode(athlete, setting="night", days_ago=40)
    episodes = insights.episodes_in_window(athlete)
    assert len(episodes) == 1
    assert insights.trigger_profile(episodes)[0].episodes == 1


def test_weekly_chart_bars_scale_to_the_tallest():
    bars = insights.chart_bars([("a", 0), ("b", 2), ("c", 4)], height=100)
    assert [(b.value, b.height, b.y) for b in bars] == [(0, 0, 100), (2, 50, 50), (4, 100, 0)]
    assert insights.chart_bars([("a", 0)], height=100)[0].height == 0


@pytest.mark.django_db
def test_weekly_counts_bucket_calendar_weeks_this_week_last(athlete):
    wednesday = timezone.make_aware(datetime(2026, 11, 18, 12))  # a Wednesday
    for when in (
        datetime(2026, 11, 16, 0, 30),
        datetime(2026, 11, 18, 9),
        datetime(2026, 11, 15, 23),
        datetime(2026, 8, 1),
    ):
        CrampEpisode.objects.create(athlete=athlete, muscle="calves", severity=5, occurred_at=timezone.make_aware(when))
    weeks = insights.weekly_counts(athlete, now=wednesday)
    assert len(weeks) == 8
    assert weeks[-1] == (date(2026, 11, 16), 2)  # Monday 00:30 and Wednesday
    assert weeks[-2] == (date(2026, 11, 9), 1)  # the Sunday before
    assert weeks[0][0] == date(2026, 9, 28)
    assert sum(n for _, n in weeks) == 3


# Red flags -----------------------------------------------------------------


def recent(**fields):
    return [episode(**fields)]


def flags(*episodes, **kwargs):
    return set(insights.red_flag_reasons(list(episodes), **kwargs))


@pytest.mark.parametrize(
    ("sign", "slug"),
    [
        ("muscle_weakness", "muscle-weakness"),
        ("leg_swelling", "clot-signs"),
        ("numbness", "numbness"),
        ("dark_urine", "dark-urine-without-hard-exercise"),
        ("vomiting", "vomiting"),
    ],
)
def test_each_warning_sign_raises_its_flag(sign, slug):
    assert list(insights.red_flag_reasons(recent(**{sign: True}))) == [slug]


def test_every_flag_has_wording_that_points_to_a_healthcare_professional():
    for title, urgency, guidance in insights.FLAG_DEFAULTS.values():
        assert title
        assert urgency in insights.URGENCY_RANK
        assert any(who in guidance for who in ("doctor", "care", "pharmacist")), guidance


# Clot signs


@pytest.mark.parametrize("side", ["left", "right", ""])
def test_a_swollen_leg_on_one_side_is_a_possible_clot_to_see_today(side):
    reasons = insights.red_flag_reasons(recent(leg_swelling=True, side=side))
    assert set(reasons) == {"clot-signs"}
    [flag] = insights.raise_flags(reasons, wording={})
    assert flag.urgency_label == "Seek care today"
    assert "urgent care centre or an emergency department" in flag.guidance
    assert "short of breath or have chest pain, call the emergency number at once" in flag.guidance


def test_swelling_of_both_legs_asks_for_an_appointment_not_a_same_day_visit():
    reasons = insights.red_flag_reasons(recent(leg_swelling=True, side="both"))
    assert set(reasons) == {"leg-swelling"}
    assert reasons["leg-swelling"].text.startswith("Swelling, redness or skin changes of both legs logged on")
    [flag] = insights.raise_flags(reasons, wording={})
    assert flag.urgency_label == "Book an appointment"


# Muscle breakdown after hard or long exercise


@pytest.mark.parametrize("session", [{"session_rpe": 7}, {"minutes_into_session": 90}, {"setting": "competition"}])
def test_dark_urine_after_hard_or_long_exercise_is_a_same_day_ck_test(session):
    reasons = insights.red_flag_reasons(recent(dark_urine=True, **session))
    assert set(reasons) == {"dark-urine"}
    assert reasons["dark-urine"].text.startswith("Dark urine after hard or long exercise")
    [flag] = insights.raise_flags(reasons, wording={})
    assert flag.urgency_label == "Seek care today"
    assert "creatine kinase (CK) blood test" in flag.guidance


@pytest.mark.parametrize(
    "session", [{"session_rpe": 6}, {"minutes_into_session": 89}, {"setting": "training"}, {"setting": "night"}]
)
def test_dark_urine_without_hard_or_long_exercise_raises_its_own_warning(session):
    reasons = insights.red_flag_reasons(recent(dark_urine=True, **session))
    assert set(reasons) == {"dark-urine-without-hard-exercise"}
    [flag] = insights.raise_flags(reasons, wording={})
    assert flag.urgency_label == "Seek care today"


def test_weakness_after_hard_exercise_is_a_same_day_matter_at_any_severity():
    # Was: only with a severe cramp (8+/10). CDC/NIOSH: weakness after hard exercise is enough (issue 18).
    # One flag for the one sign: the same-day one, not a second "book an appointment" beside it.
    reasons = insights.red_flag_reasons(recent(muscle_weakness=True, severity=3, session_rpe=8))
    assert set(reasons) == {"dark-urine"}
    assert reasons["dark-urine"].text.startswith("Muscle weakness after hard or long exercise")


@pytest.mark.parametrize(
    "fields",
    [
        {"severity": 9, "setting": "training"},  # not hard or long
        {"severity": 9, "setting": "night"},
    ],
)
def test_weakness_without_hard_exercise_asks_for_an_appointment(fields):
    assert flags(episode(muscle_weakness=True, **fields)) <= {"muscle-weakness", "frequent-or-severe"}
    assert "dark-urine" not in flags(episode(muscle_weakness=True, **fields))


@pytest.mark.django_db
def test_an_urgent_flag_from_days_ago_still_shows_but_no_longer_as_urgent(athlete):
    make_episode(athlete, dark_urine=True, session_rpe=9, days_ago=3)
    [flag] = insights.red_flags_for(athlete)
    assert flag.slug == "dark-urine"
    assert not flag.is_urgent
    assert flag.was_urgent  # the page adds "That was more than two days ago: … seek care today."


def test_a_cramp_over_ten_minutes_raises_the_long_cramp_flag():
    assert "long-cramp" in insights.red_flag_reasons(recent(duration_minutes=Decimal("12")))
    assert "long-cramp" not in insights.red_flag_reasons(recent(duration_minutes=Decimal("10")))


def test_frequent_cramps_raise_a_flag():
    # Was 12 in 28 days; Mayo Clinic gives no number: about one a week (issue 18).
    assert "frequent-or-severe" in insights.red_flag_reasons([episode() for _ in range(4)], previous_count=4)
    assert "frequent-or-severe" not in insights.red_flag_reasons([episode() for _ in range(3)], previous_count=3)


def test_severe_cramps_raise_a_flag():
    assert "frequent-or-severe" in insights.red_flag_reasons([episode(severity=8), episode(severity=9)])
    assert "frequent-or-severe" not in insights.red_flag_reasons([episode(severity=8), episode(severity=7)])


def test_a_single_worst_possible_cramp_raises_a_flag():
    reasons = insights.red_flag_reasons([episode(severity=10)])
    assert reasons["frequent-or-severe"].text.startswith("A 10/10 cramp")


# Rising


def test_rising_frequency_raises_a_flag():
    four = [episode(occurred_at=NOON - timedelta(days=5 * i)) for i in range(4)]  # spread: not a sudden rise
    assert "rising-frequency" in insights.red_flag_reasons(four, previous_count=2, now=NOON)
    assert "rising-frequency" not in insights.red_flag_reasons(four, previous_count=3, now=NOON)
    assert "rising-frequency" not in insights.red_flag_reasons(four[:3], previous_count=1, now=NOON)


def days_ago(*days):
    return [episode(occurred_at=NOON - timedelta(days=d)) for d in days]


def test_a_sudden_rise_from_nothing_asks_for_a_review():
    reasons = insights.red_flag_reasons(days_ago(0, 1, 3, 6), now=NOON)
    assert reasons["rising-frequency"].text == "4 cramps in the last 7 days, against 0 in the 21 days before."
    [flag] = [f for f in insights.raise_flags(reasons, wording={}) if f.slug == "rising-frequency"]
    assert flag.urgency_label == "Book an appointment"


def test_a_sudden_rise_from_about_one_a_week_asks_for_a_review():
    reasons = insights.red_flag_reasons(days_ago(0, 1, 3, 6, 9, 16, 23), now=NOON)
    assert reasons["rising-frequency"].text == "4 cramps in the last 7 days, against 3 in the 21 days before."


@pytest.mark.parametrize(
    "days",
    [
        (0, 1, 3),  # three in the week is not many
        (0, 1, 3, 6, 8, 9, 16, 23),  # four in the 21 days before is more than one a week
        (0, 1, 3, 7.5),  # the fourth is just outside the week
    ],
)
def test_no_sudden_rise_below_its_thresholds(days):
    assert "rising-frequency" not in flags(*days_ago(*days), now=NOON)


def test_a_sudden_rise_needs_a_week_of_history_before_the_last_week():
    cramps = days_ago(0, 1, 3, 6)
    assert "rising-frequency" not in flags(*cramps, history_start=NOON - timedelta(days=13), now=NOON)
    reasons = insights.red_flag_reasons(cramps, history_start=NOON - timedelta(days=14), now=NOON)
    assert reasons["rising-frequency"].text == "4 cramps in the last 7 days, against 0 in the 7 days before."


@pytest.mark.django_db
def test_an_athlete_who_joined_this_week_is_not_rising_from_nothing(athlete):
    for d in (0, 1, 2, 3):
        make_episode(athlete, days_ago=d)
    assert "rising-frequency" not in [f.slug for f in insights.red_flags_for(athlete)]
    athlete.date_joined = timezone.now() - timedelta(days=30)
    athlete.save(update_fields=["date_joined"])
    assert "rising-frequency" in [f.slug for f in insights.red_flags_for(athlete)]


# Patterns


def test_night_cramps_that_keep_breaking_sleep_raise_a_flag():
    # Was 3; NHS and Mayo Clinic give no number: a second night in 28 days (issue 18).
    assert "sleep-disturbing" in insights.red_flag_reasons([episode(setting="night") for _ in range(2)])
    assert "sleep-disturbing" not in insights.red_flag_reasons([episode(setting="night") for _ in range(1)])


def test_small_hours_cramps_with_no_setting_raise_a_flag_that_asks_to_confirm_they_were_in_bed():
    # Was "sleep-disturbing", asserted from the clock alone (issue 18).
    small_hours = [episode(occurred_at=local(h)) for h in (0, 5)]
    assert flags(*small_hours) == {"night-cramps-to-confirm"}
    assert "night-cramps-to-confirm" not in flags(small_hours[0], episode(occurred_at=local(6)))


def test_cramps_at_rest_raise_the_no_obvious_cause_flag():
    # Was 3; Mayo Clinic gives no number: a second one in 28 days (issue 18).
    assert "no-obvious-cause" in insights.red_flag_reasons([episode(setting="rest") for _ in range(2)])
    assert "no-obvious-cause" not in insights.red_flag_reasons([episode(setting="rest") for _ in range(1)])


def test_cramps_at_rest_after_hard_sessions_have_an_obvious_cause():
    after_hard = [episode(setting="rest", session_rpe=8) for _ in range(3)]
    assert "no-obvious-cause" not in insights.red_flag_reasons(after_hard)


def test_ordinary_cramps_raise_no_flag():
    assert insights.red_flag_reasons([episode(severity=6, duration_minutes=Decimal("1"))]) == {}


# Medicines


@pytest.mark.parametrize(
    ("ticked", "named"),
    [
        ({"takes_statins": True}, "Statins listed in the profile"),
        ({"takes_diuretics": True}, "Diuretics (water tablets) listed in the profile"),
        ({"takes_blood_pressure_drugs": True}, "A blood-pressure medicine listed in the profile"),
        (
            {"takes_statins": True, "takes_diuretics": True, "other_medicines": "salbutamol"},
            "Statins, diuretics (water tablets) and other medicines (salbutamol) listed in the profile",
        ),
    ],
)
def test_a_cramp_linked_medicine_raises_a_talk_to_your_doctor_flag_naming_it(ticked, named):
    reasons = insights.red_flag_reasons(recent(), profile=AthleteProfile(**ticked))
    assert reasons["medicines-and-conditions"].text == f"{named}, with 1 cramp in the last 28 days."
    [flag] = insights.raise_flags(reasons, wording={})
    assert flag.urgency_label == "Book an appointment"
    assert "do not stop or change the medicine on your own" in flag.guidance


def test_no_medicine_flag_without_a_medicine_or_without_cramps():
    assert flags(episode(), profile=AthleteProfile()) == set()
    # Other medicines are not known to cause cramps: written alone, they raise nothing.
    assert flags(episode(), profile=AthleteProfile(other_medicines="the pill")) == set()
    assert insights.red_flag_reasons([], profile=AthleteProfile(takes_statins=True)) == {}


@pytest.mark.django_db
def test_red_flags_read_the_medicines_without_an_extra_query(athlete, django_assert_num_queries):
    AthleteProfile.objects.filter(user=athlete).update(takes_diuretics=True)
    make_episode(athlete)
    athlete = User.objects.get(pk=athlete.pk)  # as a request has it: no profile loaded
    with django_assert_num_queries(4):  # episodes, previous window with the medicines, wording, acknowledgements
        flags = insights.red_flags_for(athlete)
    assert [f.slug for f in flags] == ["medicines-and-conditions"]
    assert flags[0].reason.startswith("Diuretics (water tablets) listed in the profile")


@pytest.mark.django_db
def test_red_flags_use_a_profile_the_caller_has(athlete, django_assert_num_queries):
    make_episode(athlete)
    profile = AthleteProfile(user=athlete, takes_statins=True)  # as the caller has it, unsaved here
    with django_assert_num_queries(4):  # episodes, previous window, wording, acknowledgements
        flags = insights.red_flags_for(athlete, profile=profile)
    assert [f.slug for f in flags] == ["medicines-and-conditions"]


@pytest.mark.django_db
def test_an_athlete_without_a_profile_gets_no_medicine_flag(athlete):
    AthleteProfile.objects.filter(user=athlete).delete()
    make_episode(athlete, numbness=True)
    assert [f.slug for f in insights.red_flags_for(User.objects.get(pk=athlete.pk))] == ["numbness"]


@pytest.mark.django_db
def test_flags_use_the_library_wording_and_put_the_most_urgent_first(athlete):
    RedFlag.objects.create(slug="numbness", title="Numbness (library)", guidance="Book a GP.", urgency="soon")
    make_episode(athlete, numbness=True, hours_ago=2)
    make_episode(athlete, dark_urine=True, hours_ago=5)
    flags = insights.red_flags_for(athlete)
    assert [f.slug for f in flags] == ["dark-urine-without-hard-exercise", "numbness"]
    assert flags[0].is_urgent
    assert flags[0].urgency_label == "Seek care today"
    assert flags[1].title == "Numbness (library)"


@pytest.mark.django_db
def test_old_warning_signs_no_longer_raise_a_flag(athlete):
    make_episode(athlete, numbness=True, days_ago=40)
    assert insights.red_flags_for(athlete) == []


@pytest.mark.django_db
def test_rising_frequency_compares_with_the_28_days_before(athlete):
    make_episodes(athlete, 4, spread_days=20)
    make_episode(athlete, days_ago=35)
    now = timezone.now() + timedelta(minutes=1)
    assert "rising-frequency" in [f.slug for f in insights.red_flags_for(athlete, now=now)]
    make_episode(athlete, days_ago=40)
    make_episode(athlete, days_ago=45)
    assert "rising-frequency" not in [f.slug for f in insights.red_flags_for(athlete, now=now)]
