"""The day-level trigger analysis on constructed histories of check-ins and episodes."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.insights import MIN_DAYS, day_analysis, local_today, wilson_interval
from athletes.insights.day_triggers import DAY_WINDOW_DAYS
from athletes.models import DailyCheckIn
from athletes.tests.coaching import link
from conftest import count_queries

pytestmark = pytest.mark.django_db


def history(athlete, days, *, start_back=1):
    """Check-ins for consecutive days going back from yesterday; each `days` item is a dict of answers."""
    today = local_today(athlete)
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(athlete=athlete, day=today - timedelta(days=start_back + i), **answers)
        for i, answers in enumerate(days)
    )


def hard_days(cramped, total, **extra):
    return [{"cramped": i < cramped, "training_load": "hard", **extra} for i in range(total)]


def easy_days(cramped, total, **extra):
    return [{"cramped": i < cramped, "training_load": "easy", **extra} for i in range(total)]


def result(analysis, slug):
    return next(r for r in analysis.results if r.factor.slug == slug)


def episode_on(athlete, day, **fields):
    from athletes.models import CrampEpisode

    moment = timezone.make_aware(datetime.combine(day, time(18, 0)))
    return CrampEpisode.objects.create(
        athlete=athlete, occurred_at=moment, muscle="calves", severity=5, setting="training", **fields
    )


def test_a_real_trigger_is_found(athlete):
    history(athlete, hard_days(6, 10) + easy_days(1, 20))
    hard = result(day_analysis(athlete), "hard-training")
    assert (hard.cramped_with, hard.days_with, hard.cramped_without, hard.days_without) == (6, 10, 1, 20)
    assert hard.verdict == "clear"
    assert "6 of 10" in hard.counts_text
    assert "1 of 20" in hard.counts_text
    assert "Clearly more likely" in hard.sureness_text


def test_a_factor_as_common_on_both_kinds_of_day_is_not_a_trigger(athlete):
    # Cramps on 3 of 10 hard days and 6 of 20 other days: the same rate.
    history(athlete, hard_days(3, 10) + easy_days(6, 20))
    hard = result(day_analysis(athlete), "hard-training")
    assert (hard.cramped_with, hard.days_with, hard.cramped_without, hard.days_without) == (3, 10, 6, 20)
    assert hard.verdict == "none"
    assert "No sign" in hard.sureness_text


def test_a_higher_rate_that_could_be_chance_is_a_maybe(athlete):
    history(athlete, hard_days(4, 10) + easy_days(4, 20))
    hard = result(day_analysis(athlete), "hard-training")
    assert hard.rate_with > hard.rate_without
    assert hard.verdict == "maybe"
    assert "could be chance" in hard.sureness_text


def test_too_few_days_says_not_enough_days_yet(athlete):
    # A striking rate, but only MIN_DAYS - 1 hard days.
    history(athlete, hard_days(MIN_DAYS - 1, MIN_DAYS - 1) + easy_days(0, 20))
    hard = result(day_analysis(athlete), "hard-training")
    assert not hard.enough
    assert hard.verdict == "none"
    assert "Not enough days yet" in hard.sureness_text
    assert str(MIN_DAYS) in hard.sureness_text


def test_unknown_days_are_left_out_not_counted_as_no(athlete):
    # Ten hard days (six with cramps), twenty easy days (one), and thirty days that say nothing about training.
    history(athlete, hard_days(6, 10) + easy_days(1, 20) + [{"cramped": True}] * 30)
    analysis = day_analysis(athlete)
    hard = result(analysis, "hard-training")
    assert analysis.days == 60
    assert (hard.days_with, hard.days_without) == (10, 20)
    assert hard.cramped_without == 1


def test_a_cramp_episode_makes_a_cramp_day_even_when_the_checkin_says_no(athlete):
    history(athlete, easy_days(0, 10))
    yesterday = local_today(athlete) - timedelta(days=1)
    episode_on(athlete, yesterday)
    easy = result(day_analysis(athlete), "hard-training")
    assert easy.cramped_without == 1


def test_a_factor_is_read_from_the_checkin_not_from_the_days_episodes(athlete):
    # Episodes come only on cramp days: letting their ticks count would make heat look like a trigger
    # (8 of 8 "hot" days against 0 of 32) when the check-ins say no day was hot.
    history(
        athlete, [{"cramped": True, "hot_conditions": False}] * 8 + [{"cramped": False, "hot_conditions": False}] * 32
    )
    today = local_today(athlete)
    for back in range(1, 9):
        episode_on(athlete, today - timedelta(days=back), hot_conditions=True, session_rpe=9)
    analysis = day_analysis(athlete)
    heat = result(analysis, "heat")
    assert (heat.cramped_with, heat.days_with, heat.cramped_without, heat.days_without) == (0, 0, 8, 40)
    assert result(analysis, "hard-training").days_with == 0  # left out, as the check-ins did not say
    assert analysis.linked_causes() == {}


def test_days_known_only_from_episodes_are_not_compared(athlete):
    today = local_today(athlete)
    for back in range(1, 11):
        episode_on(athlete, today - timedelta(days=back), hot_conditions=True)
    analysis = day_analysis(athlete)
    assert analysis.days == 0
    assert result(analysis, "heat").days_with == 0


def test_short_sleep_and_low_fluids_are_read_from_the_checkins(athlete):
    days = [{"cramped": i < 5, "sleep_hours": 5, "fluids": "low"} for i in range(6)]
    days += [{"cramped": False, "sleep_hours": 8, "fluids": "normal"} for _ in range(20)]
    history(athlete, days)
    analysis = day_analysis(athlete)
    for slug in ("short-sleep", "low-fluids"):
        found = result(analysis, slug)
        assert (found.cramped_with, found.days_with, found.cramped_without, found.days_without) == (5, 6, 0, 20)
        assert found.is_clear
    assert set(analysis.linked_causes()) == {"lack-of-recovery", "dehydration"}


def test_days_outside_the_window_do_not_count(athlete):
    history(athlete, hard_days(6, 6), start_back=DAY_WINDOW_DAYS)
    assert result(day_analysis(athlete), "hard-training").days_with == 0


def test_the_wilson_interval_holds_the_rate_and_narrows_with_more_days():
    low, high = wilson_interval(6, 10)
    assert low < 0.6 < high
    wide = high - low
    low, high = wilson_interval(60, 100)
    assert low < 0.6 < high
    assert high - low < wide
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_it_reads_the_same_few_queries_however_many_days(athlete):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    history(athlete, hard_days(6, 10))
    with CaptureQueriesContext(connection) as few:
        day_analysis(athlete)
    history(athlete, easy_days(10, 60), start_back=11)
    with CaptureQueriesContext(connection) as many:
        day_analysis(athlete)
    assert len(few) == len(many) == 2


# On the pages ---------------------------------------------------------------------------


def test_insights_show_the_days_compared(athlete_client, athlete):
    history(athlete, hard_days(6, 10) + easy_days(1, 20))
    html = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Days with and without cramps" in html
    assert "Cramps on 6 of 10 hard or long training days and 1 of 20 other days." in html


def test_insights_without_checkins_invite_one(athlete_client):
    html = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "No daily check-ins yet" in html


def test_the_coach_sees_the_athletes_days_compared(client, coach, athlete):
    link(coach, athlete)
    history(athlete, hard_days(6, 10) + easy_days(1, 20))
    client.force_login(coach)
    html = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "Cramps on 6 of 10 hard or long training days" in html


def test_the_coach_page_reads_the_same_queries_with_more_checkins(client, coach, athlete):
    link(coach, athlete)
    client.force_login(coach)
    url = reverse("athletes:coach-athlete", args=[athlete.pk])
    history(athlete, hard_days(2, 3))
    few = count_queries(client, url)
    history(athlete, easy_days(5, 50), start_back=4)
    assert count_queries(client, url) == few


# Heat and sweating: yes, no or not saying ---------------------------------------------


def test_heat_not_said_is_neither_yes_nor_no_in_the_day_analysis(athlete):
    # 6 hot days (5 with cramps), 10 cool days (1), and 20 days that did not say (all with cramps):
    # counted as "no", they would hide the link behind 21 of 30 "cool" cramp days.
    days = [{"cramped": i < 5, "hot_conditions": True} for i in range(6)]
    days += [{"cramped": i < 1, "hot_conditions": False} for i in range(10)]
    days += [{"cramped": True, "hot_conditions": None} for _ in range(20)]
    history(athlete, days)
    heat = result(day_analysis(athlete), "heat")
    assert (heat.cramped_with, heat.days_with, heat.cramped_without, heat.days_without) == (5, 6, 1, 10)
    assert heat.is_clear


def test_sweating_not_said_on_every_day_leaves_the_factor_unjudged(athlete):
    history(athlete, [{"cramped": i % 2 == 0} for i in range(30)])  # heavy_sweating left at its default
    analysis = day_analysis(athlete)
    sweat = result(analysis, "heavy-sweating")
    assert (sweat.days_with, sweat.days_without) == (0, 0)
    assert not sweat.enough
    assert analysis.linked_causes() == {}


def test_a_checkin_saved_without_heat_or_sweating_stores_not_said(athlete):
    DailyCheckIn.objects.create(athlete=athlete, day=local_today(athlete), cramped=False)
    checkin = DailyCheckIn.objects.get(athlete=athlete)
    assert (checkin.hot_conditions, checkin.heavy_sweating) == (None, None)
