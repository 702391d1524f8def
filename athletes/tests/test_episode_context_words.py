"""What the athlete said about a cramp, in one short line: on the coach's page, in the athlete's own time,
and in the athlete's log, worded by the same helper."""

import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.insights.episode_words import context_words
from athletes.models import CrampEpisode
from athletes.tests.coaching import link
from athletes.tests.factories import make_episode
from conftest import make_user

pytestmark = pytest.mark.django_db

SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")


def plain(text):
    """The text with its no-break spaces (which hold a number to its unit) read as spaces."""
    return text.replace("\xa0", " ")


def a_sweaty_session(athlete, occurred_at=None, **fields):
    episode = make_episode(
        athlete,
        side="left",
        setting="training",
        minutes_into_session=45,
        session_rpe=8,
        hot_conditions=True,
        fluid_intake="low",
        sleep_hours=Decimal("6.0"),
        **fields,
    )
    if occurred_at is not None:
        episode.occurred_at = occurred_at
        episode.save(update_fields=["occurred_at"])
    return episode


def test_a_coach_in_another_zone_sees_each_episodes_context_at_the_athletes_local_time(client, coach):
    coach.time_zone = "America/New_York"
    coach.save(update_fields=["time_zone"])
    athlete = make_user("kim", first_name="Kim", time_zone="Australia/Sydney")
    link(coach, athlete)
    # 06:15 in Sydney is still the day before in New York (and in UTC).
    local_day = timezone.localdate(timezone.now(), SYDNEY) - timedelta(days=2)
    at = datetime.combine(local_day, datetime.min.time(), tzinfo=SYDNEY).replace(hour=6, minute=15)
    a_sweaty_session(athlete, occurred_at=at)
    client.force_login(coach)

    page = plain(client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode())

    assert f"{local_day:%a} {local_day.day} {local_day:%b}, 06:15" in page
    assert f'datetime="{at.isoformat()}"' in page
    assert "Calves (left)" in page
    assert (
        "During training · 45 min into the session · hard effort (RPE 8) · hot or humid conditions"
        " · fluids in the last 3 h: less than 500 ml · slept 6 h"
    ) in page


def test_an_episode_with_nothing_added_shows_no_context_line(coach_client, coach, athlete):
    link(coach, athlete)
    make_episode(athlete)
    page = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "episode-context" not in page


def test_a_coach_who_does_not_coach_the_athlete_gets_404(client, coach, other_coach, athlete):
    link(coach, athlete)
    a_sweaty_session(athlete)
    client.force_login(other_coach)
    response = client.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    assert response.status_code == 404
    assert "hard effort" not in response.content.decode()


def test_the_athletes_log_shows_the_same_line(athlete_client, athlete):
    a_sweaty_session(athlete, duration_minutes=Decimal("2.5"))
    page = plain(athlete_client.get(reverse("athletes:episode-list")).content.decode())
    assert "During training · lasted 2.5 min · 45 min into the session · hard effort (RPE 8)" in page


def test_only_answers_are_said_and_a_no_is_an_answer():
    unsaid = CrampEpisode(muscle="calves", severity=4)
    assert context_words(unsaid) == []

    answered_no = CrampEpisode(
        muscle="calves", severity=4, hot_conditions=False, heavy_sweating=False, session_rpe=5, days_since_rest=1
    )
    said = [plain(words) for words in context_words(answered_no)]
    assert said == ["effort (RPE 5)", "not hot", "no heavy sweating", "1 day since a rest day"]

    ticks = CrampEpisode(
        muscle="calves",
        severity=4,
        heavy_sweating=True,
        electrolytes_taken=True,
        new_or_harder_training=True,
        sleep_hours=Decimal("7.5"),
        days_since_rest=6,
    )
    assert [plain(words) for words in context_words(ticks)] == [
        "heavy sweating or salt marks",
        "took electrolytes or salty food",
        "slept 7.5 h",
        "6 days since a rest day",
        "new or harder training lately",
    ]
    # A number keeps to its unit at the end of a line.
    assert "slept\xa07.5\xa0h" in context_words(ticks)
