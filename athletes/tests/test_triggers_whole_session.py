"""The inference rules read the whole session: its length, effort, setting, clock and conditions (issue 18).

Each episode here is built in code, unsaved (the rules read fields only), at noon unless the clock matters.
"""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from athletes import insights
from athletes.models import CrampEpisode, DailyCheckIn

from .factories import make_episode, yesterday_afternoon

NOON = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)

FATIGUE = "neuromuscular-fatigue"
LONG = "late in a long session (90+ minutes)"
HARD = "an hour or more into a hard session (RPE 7+)"
COMPETITION = "30 minutes or more into a hard competition (RPE 8+)"
AFTER = "soon after a long or hard session"
LONG_NO_HEAT = "little fluid in the hours before a session of an hour or more"
IN_HEAT = "little fluid in the hours before, in hot or humid conditions"
LENGTH_NOT_LOGGED = "little fluid in the hours before (session length not logged)"
HOT_MODERATE = "hot or humid, without plenty to drink"
HOT_FLUIDS_NOT_LOGGED = "hot or humid conditions (fluids not logged)"
CLOCK_ONLY = "logged between midnight and 6 am, no setting given (in bed not confirmed)"


def episode(**fields):
    return CrampEpisode(**{"muscle": "calves", "severity": 5, "occurred_at": NOON, **fields})


def at(hour, minute=0, **fields):
    return episode(occurred_at=NOON.replace(hour=hour, minute=minute), **fields)


def causes(**fields):
    return insights.infer_causes(episode(**fields))


# Fatigue: length and effort together -----------------------------------------------------


def test_180_minutes_at_rpe_6_points_to_fatigue():
    assert causes(setting="training", minutes_into_session=180, session_rpe=6) == {FATIGUE: [LONG]}


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"setting": "training", "minutes_into_session": 90}, LONG),  # effort not logged: length alone
        ({"minutes_into_session": 90, "session_rpe": 3}, LONG),  # no setting given
        ({"setting": "competition", "minutes_into_session": 100, "session_rpe": 5}, LONG),
        ({"setting": "training", "minutes_into_session": 120, "session_rpe": 9}, LONG),  # one reason, not two
        ({"setting": "training", "minutes_into_session": 60, "session_rpe": 7}, HARD),
        ({"setting": "training", "minutes_into_session": 89, "session_rpe": 7}, HARD),
        ({"setting": "after_training", "minutes_into_session": 180, "session_rpe": 6}, AFTER),
        ({"setting": "rest", "minutes_into_session": 90}, AFTER),
    ],
)
def test_a_long_or_an_hour_of_hard_session_points_to_fatigue_with_one_reason(fields, reason):
    assert causes(**fields) == {FATIGUE: [reason]}


@pytest.mark.parametrize(
    "fields",
    [
        {"setting": "training", "minutes_into_session": 89, "session_rpe": 6},  # just short of long, not hard
        {"setting": "training", "minutes_into_session": 59, "session_rpe": 7},  # hard, just short of an hour
        {"setting": "training", "minutes_into_session": 60, "session_rpe": 6},  # an hour, just short of hard
        {"setting": "training", "session_rpe": 9},  # hard, time not logged
        {"setting": "training"},
        {"setting": "night", "minutes_into_session": 180, "session_rpe": 6},  # in bed: not "late in a session"
    ],
)
def test_short_easy_or_untimed_sessions_do_not_point_to_fatigue(fields):
    assert FATIGUE not in causes(**fields)


def test_3_minutes_into_a_match_at_rpe_8_is_not_fatigue():
    assert causes(setting="competition", minutes_into_session=3, session_rpe=8) == {}


def test_40_minutes_into_a_match_at_rpe_8_is_fatigue():
    assert causes(setting="competition", minutes_into_session=40, session_rpe=8) == {FATIGUE: [COMPETITION]}


@pytest.mark.parametrize(
    ("minutes", "rpe", "fatigue"),
    [
        (29, 8, False),
        (30, 8, True),
        (59, 10, True),
        (60, 8, True),  # from an hour on, the hard-session rule says it
        (40, 7, False),  # a competition at RPE 7 needs an hour, as any hard session
        (None, 9, False),  # no time logged: a cramp in the warm-up cannot be told from one at the end
    ],
)
def test_a_competition_is_fatigue_only_after_time_under_hard_load(minutes, rpe, fatigue):
    found = causes(setting="competition", minutes_into_session=minutes, session_rpe=rpe)
    assert (FATIGUE in found) is fatigue


def test_a_competition_is_still_a_hard_or_long_session_for_the_flags():
    assert insights.hard_or_long_session(episode(setting="competition", minutes_into_session=3))


# Dehydration: fluid, length and heat together -----------------------------------------------


@pytest.mark.parametrize("hot", [False, None])
@pytest.mark.parametrize("fluid", ["none", "low"])
def test_a_25_minute_cool_session_with_under_500_ml_is_not_dehydration(hot, fluid):
    assert "dehydration" not in causes(
        setting="training", minutes_into_session=25, fluid_intake=fluid, hot_conditions=hot
    )


def test_a_75_minute_session_with_under_500_ml_is_dehydration():
    found = causes(setting="training", minutes_into_session=75, fluid_intake="low", hot_conditions=False)
    assert found == {"dehydration": [LONG_NO_HEAT]}


@pytest.mark.parametrize(
    ("minutes", "dehydration"),
    [(59, False), (60, True)],
)
def test_little_fluid_counts_from_an_hour_of_session(minutes, dehydration):
    found = causes(setting="training", minutes_into_session=minutes, fluid_intake="none")
    assert ("dehydration" in found) is dehydration


def test_little_fluid_in_the_heat_is_dehydration_even_in_a_short_session():
    found = causes(setting="training", minutes_into_session=25, fluid_intake="low", hot_conditions=True)
    assert found == {"dehydration": [IN_HEAT]}


def test_little_fluid_with_no_session_length_still_counts_and_says_so():
    assert causes(setting="training", fluid_intake="low") == {"dehydration": [LENGTH_NOT_LOGGED]}


@pytest.mark.parametrize("minutes", [None, 20, 75])
def test_hot_with_fluids_not_logged_is_never_described_as_without_plenty_to_drink(minutes):
    found = causes(setting="training", minutes_into_session=minutes, hot_conditions=True)
    reasons = [reason for cause_reasons in found.values() for reason in cause_reasons]
    assert HOT_MODERATE not in reasons
    assert not any("plenty" in str(reason) for reason in reasons)
    if minutes is None or minutes >= 60:
        assert found["dehydration"] == [HOT_FLUIDS_NOT_LOGGED]
    else:  # a short session: little sweat to replace, and no intake to go on
        assert "dehydration" not in found


@pytest.mark.parametrize(
    ("fields", "reasons"),
    [
        ({"hot_conditions": True, "fluid_intake": "moderate"}, [HOT_MODERATE]),
        ({"hot_conditions": True, "fluid_intake": "moderate", "minutes_into_session": 70}, [HOT_MODERATE]),
        ({"hot_conditions": True, "fluid_intake": "moderate", "minutes_into_session": 30}, None),
        ({"hot_conditions": True, "fluid_intake": "high"}, None),
        ({"hot_conditions": None, "fluid_intake": "moderate"}, None),  # heat not said is not heat
        ({"hot_conditions": False}, None),
        ({"hot_conditions": None}, None),
    ],
)
def test_heat_points_to_dehydration_only_with_the_intake_it_was_logged_with(fields, reasons):
    assert causes(setting="training", **fields).get("dehydration") == reasons


@pytest.mark.parametrize("hot", [True, False, None])
@pytest.mark.parametrize("fluid", ["", "none", "low", "moderate", "high"])
@pytest.mark.parametrize("minutes", [None, 25, 75])
def test_an_episode_has_at_most_one_dehydration_reason(hot, fluid, minutes):
    found = causes(setting="training", hot_conditions=hot, fluid_intake=fluid, minutes_into_session=minutes)
    assert len(found.get("dehydration", [])) <= 1


# Sweating: yes, no or not said ---------------------------------------------------------


@pytest.mark.parametrize(("sweating", "sodium"), [(True, True), (False, False), (None, False)])
def test_heavy_sweating_points_to_sodium_loss_only_when_said_yes(sweating, sodium):
    assert ("sodium-loss" in causes(heavy_sweating=sweating)) is sodium


# Night, rest and the clock ------------------------------------------------------------------


def test_03_00_at_rest_is_circulation_not_night():
    found = insights.infer_causes(at(3, setting="rest"))
    assert found == {"circulation-and-nerves": ["at rest, not after a hard or long session"]}
    assert not insights.at_night(at(3, setting="rest"))
    assert insights.at_rest_away_from_training(at(3, setting="rest"))


@pytest.mark.parametrize(
    ("fields", "away"),
    [
        ({"session_rpe": 5}, True),  # after an easy session: no obvious cause such as hard exercise
        ({"session_rpe": 6, "minutes_into_session": 89}, True),
        ({"session_rpe": 7}, False),  # after a hard one: fatigue
        ({"minutes_into_session": 90}, False),  # after a long one: fatigue
    ],
)
def test_a_cramp_at_rest_is_away_from_training_unless_it_follows_a_hard_or_long_session(fields, away):
    cramp = at(3, setting="rest", **fields)
    assert insights.at_rest_away_from_training(cramp) is away
    found = insights.infer_causes(cramp)
    assert ("circulation-and-nerves" in found) is away
    assert (FATIGUE in found) is not away
    assert "nocturnal-cramps" not in found


def test_01_27_with_no_setting_is_a_night_cramp_read_from_the_clock_alone():
    cramp = at(1, 27)
    assert insights.infer_causes(cramp) == {"nocturnal-cramps": [CLOCK_ONLY]}
    assert insights.at_night(cramp)
    assert insights.night_from_clock_only(cramp)


@pytest.mark.parametrize(
    ("fields", "night", "clock_only"),
    [
        ({"setting": "night"}, True, False),  # said in bed: not from the clock
        ({"setting": "night", "occurred_at": NOON.replace(hour=3)}, True, False),
        ({"occurred_at": NOON.replace(hour=5, minute=59)}, True, True),
        ({"occurred_at": NOON.replace(hour=6)}, False, False),
        ({"occurred_at": NOON.replace(hour=3), "setting": "training"}, False, False),
        ({"occurred_at": NOON.replace(hour=3), "setting": "other"}, False, False),
    ],
)
def test_night_is_said_in_bed_or_read_from_the_clock_with_no_setting(fields, night, clock_only):
    cramp = episode(**fields)
    assert insights.at_night(cramp) is night
    assert insights.night_from_clock_only(cramp) is clock_only
    reasons = insights.infer_causes(cramp).get("nocturnal-cramps", [])
    assert (CLOCK_ONLY in reasons) is clock_only


# Stored yes / no / not said -----------------------------------------------------------------


@pytest.mark.django_db
def test_an_episode_saved_without_heat_or_sweating_stores_not_said(athlete):
    saved = CrampEpisode.objects.get(pk=make_episode(athlete, at=yesterday_afternoon()).pk)
    assert (saved.hot_conditions, saved.heavy_sweating) == (None, None)
    assert insights.lacks_context(saved)
    assert insights.infer_causes(saved) == {}


@pytest.mark.django_db
def test_a_no_to_heat_is_context_but_not_saying_is_not(athlete):
    said_no = make_episode(athlete, hot_conditions=False)
    unsaid = make_episode(athlete, days_ago=1)
    assert not insights.lacks_context(said_no)
    assert insights.lacks_context(unsaid)
    lacking = athlete.episodes.filter(insights.LACKS_CONTEXT)
    assert list(lacking) == [unsaid]


@pytest.mark.django_db
def test_the_migration_reads_an_old_unticked_box_as_not_said_except_on_a_checkin_that_answered_the_day(athlete):
    migration = importlib.import_module("athletes.migrations.0022_heat_and_sweating_can_go_unsaid")
    episode = make_episode(athlete, hot_conditions=False, heavy_sweating=True)
    today = insights.local_today(athlete)
    answered = DailyCheckIn.objects.create(
        athlete=athlete, day=today, cramped=False, fluids="normal", hot_conditions=False, heavy_sweating=False
    )
    only_cramped = DailyCheckIn.objects.create(
        athlete=athlete,
        day=today - timedelta(days=1),
        cramped=True,
        hot_conditions=False,
        heavy_sweating=True,
    )
    migration.unticked_is_not_said(apps, None)
    episode.refresh_from_db()
    answered.refresh_from_db()
    only_cramped.refresh_from_db()
    assert (episode.hot_conditions, episode.heavy_sweating) == (None, True)
    assert (answered.hot_conditions, answered.heavy_sweating) == (False, False)
    assert (only_cramped.hot_conditions, only_cramped.heavy_sweating) == (None, True)
    migration.not_said_is_unticked(apps, None)
    episode.refresh_from_db()
    assert episode.hot_conditions is False


@pytest.mark.parametrize("setting", ["night", "rest"])
def test_little_fluid_before_a_cramp_at_rest_or_in_bed_names_no_session(setting):
    reasons = insights.infer_causes(episode(setting=setting, fluid_intake="low"))
    assert reasons["dehydration"] == ["little fluid in the hours before"]
    assert LENGTH_NOT_LOGGED not in reasons["dehydration"]


@pytest.mark.parametrize("setting", ["", "training", "after_training"])
def test_little_fluid_around_a_session_of_unknown_length_says_the_length_was_not_logged(setting):
    assert insights.infer_causes(episode(setting=setting, fluid_intake="none"))["dehydration"] == [LENGTH_NOT_LOGGED]
