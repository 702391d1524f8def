from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from athletes import insights
from athletes.models import CrampEpisode
from library.models import RedFlag
from library.tests.factories import make_cause

from .factories import make_episode, make_episodes


def episode(**fields):
    """An unsaved episode: the rules read fields only."""
    return CrampEpisode(**{"muscle": "calves", "severity": 5, "occurred_at": timezone.now(), **fields})


@pytest.mark.parametrize(
    ("fields", "cause", "reason"),
    [
        ({"fluid_intake": "none"}, "dehydration", "little fluid in the hours before"),
        ({"fluid_intake": "low"}, "dehydration", "little fluid in the hours before"),
        ({"heavy_sweating": True}, "sodium-loss", "heavy sweating with no electrolytes"),
        ({"hot_conditions": True, "fluid_intake": "moderate"}, "dehydration", "hot or humid, without plenty to drink"),
        ({"minutes_into_session": 60, "session_rpe": 7}, "neuromuscular-fatigue", "late in a long, hard session"),
        ({"setting": "competition", "session_rpe": 8}, "neuromuscular-fatigue", "a hard competition"),
        ({"new_or_harder_training": True}, "lack-of-conditioning", "new or harder training"),
        ({"days_since_rest": 6}, "lack-of-recovery", "six or more days without a rest day"),
        ({"sleep_hours": Decimal("5.5")}, "lack-of-recovery", "under six hours' sleep"),
        ({"setting": "night"}, "nocturnal-cramps", "at night in bed"),
        ({"numbness": True}, "circulation-and-nerves", "numbness with the cramp"),
        ({"setting": "rest"}, "circulation-and-nerves", "at rest, away from training"),
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
    ],
)
def test_rules_stay_quiet_just_below_their_thresholds(fields):
    assert insights.infer_causes(episode(**fields)) == {}


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
    assert top.explanation == "little fluid in the hours before (2×); you suspected it 1×"
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


@pytest.mark.parametrize(
    ("sign", "slug"),
    [
        ("muscle_weakness", "muscle-weakness"),
        ("leg_swelling", "leg-swelling"),
        ("numbness", "numbness"),
        ("dark_urine", "dark-urine"),
        ("vomiting", "vomiting"),
    ],
)
def test_each_warning_sign_raises_its_flag(sign, slug):
    assert list(insights.red_flag_reasons(recent(**{sign: True}))) == [slug]


def test_muscle_weakness_after_hard_exercise_is_a_same_day_matter():
    reasons = insights.red_flag_reasons(recent(muscle_weakness=True, setting="training"))
    assert set(reasons) == {"muscle-weakness", "dark-urine"}
    assert reasons["dark-urine"].text.startswith("Muscle weakness after hard exercise logged on")
    assert set(insights.red_flag_reasons(recent(muscle_weakness=True, setting="night"))) == {"muscle-weakness"}


@pytest.mark.django_db
def test_an_urgent_flag_from_days_ago_still_shows_but_no_longer_as_urgent(athlete):
    make_episode(athlete, dark_urine=True, days_ago=3)
    [flag] = insights.red_flags_for(athlete)
    assert flag.slug == "dark-urine"
    assert not flag.is_urgent
    assert "more than two days ago" in flag.reason


def test_a_cramp_over_ten_minutes_raises_the_long_cramp_flag():
    assert "long-cramp" in insights.red_flag_reasons(recent(duration_minutes=Decimal("12")))
    assert "long-cramp" not in insights.red_flag_reasons(recent(duration_minutes=Decimal("10")))


def test_frequent_cramps_raise_a_flag():
    assert "frequent-or-severe" in insights.red_flag_reasons([episode() for _ in range(12)], previous_count=12)
    assert "frequent-or-severe" not in insights.red_flag_reasons([episode() for _ in range(11)], previous_count=11)


def test_severe_cramps_raise_a_flag():
    assert "frequent-or-severe" in insights.red_flag_reasons([episode(severity=8), episode(severity=9)])
    assert "frequent-or-severe" not in insights.red_flag_reasons([episode(severity=8), episode(severity=7)])


def test_a_single_worst_possible_cramp_raises_a_flag():
    reasons = insights.red_flag_reasons([episode(severity=10)])
    assert reasons["frequent-or-severe"].text.startswith("A 10/10 cramp")


def test_rising_frequency_raises_a_flag():
    four = [episode() for _ in range(4)]
    assert "rising-frequency" in insights.red_flag_reasons(four, previous_count=2)
    assert "rising-frequency" not in insights.red_flag_reasons(four, previous_count=3)
    assert "rising-frequency" not in insights.red_flag_reasons(four[:3], previous_count=1)


def test_a_new_athlete_is_not_rising_from_nothing():
    assert "rising-frequency" not in insights.red_flag_reasons([episode() for _ in range(6)], previous_count=0)


def test_night_cramps_that_keep_breaking_sleep_raise_a_flag():
    assert "sleep-disturbing" in insights.red_flag_reasons([episode(setting="night") for _ in range(3)])
    assert "sleep-disturbing" not in insights.red_flag_reasons([episode(setting="night") for _ in range(2)])


def test_cramps_at_rest_raise_the_no_obvious_cause_flag():
    assert "no-obvious-cause" in insights.red_flag_reasons([episode(setting="rest") for _ in range(3)])


def test_ordinary_cramps_raise_no_flag():
    assert insights.red_flag_reasons([episode(severity=6, duration_minutes=Decimal("1"))]) == {}


@pytest.mark.django_db
def test_flags_use_the_library_wording_and_put_the_most_urgent_first(athlete):
    RedFlag.objects.create(slug="numbness", title="Numbness (library)", guidance="Book a GP.", urgency="soon")
    make_episode(athlete, numbness=True, hours_ago=2)
    make_episode(athlete, dark_urine=True, hours_ago=5)
    flags = insights.red_flags_for(athlete)
    assert [f.slug for f in flags] == ["dark-urine", "numbness"]
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
