"""Rows fetched per page do not grow with an athlete's old episodes: no page reads every episode to show a summary.

Rows are counted where the database driver hands them to Django (bench.counting). Each page is
read once with 30 old episodes (two to twelve months back, outside every window and plan) and
once with 300; the dashboard works its summaries out again in between, as the new episodes ask.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from athletes.insights import summary
from athletes.models import CrampEpisode
from athletes.tests.coaching import assign, do_sessions, link
from athletes.tests.factories import make_episodes
from bench.counting import counting
from library.tests.factories import make_cause, make_exercise, make_strategy, make_template

pytestmark = pytest.mark.django_db

ATHLETE_PAGES = {
    "episode-list": lambda: reverse("athletes:episode-list"),
    "insights": lambda: reverse("athletes:insights"),
    "routine": lambda: reverse("athletes:routine"),
    "exercises": lambda: reverse("library:exercise-list"),
    "exercise": lambda: reverse("library:exercise-detail", args=["calf-raises"]),
}
COACH_PAGES = {
    "dashboard": lambda athlete: reverse("athletes:dashboard"),
    "coach-athlete": lambda athlete: reverse("athletes:coach-athlete", args=[athlete.pk]),
}


def rows_fetched(client, url):
    """Rows fetched by a GET of `url`, built afresh (nothing kept in the cache from before)."""
    cache.clear()
    with counting() as counts:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return counts.rows


def add_old_episodes(athlete, count):
    """`count` episodes spread from 70 to 360 days ago, with context: older than every window and plan."""
    now = timezone.now()
    CrampEpisode.objects.bulk_create(
        CrampEpisode(
            athlete=athlete,
            occurred_at=now - timedelta(days=70 + (290 * i) // count, hours=i % 24),
            muscle="calves",
            severity=4 + i % 5,
            setting="training",
            fluid_intake="low",
        )
        for i in range(count)
    )
    summary.invalidate([athlete.pk])  # bulk_create sends no signals: as a save would


@pytest.fixture
def world(athlete, coach):
    cause = make_cause("dehydration", name="Dehydration")
    exercise = make_exercise("calf-raises", causes=[cause])
    habit = make_strategy(causes=[cause])
    make_template("calf-routine", causes=[cause], exercises=[exercise], habits=[habit])
    link(coach, athlete)
    make_episodes(athlete, 8, fluid_intake="low", setting="training", suspected=[cause])
    do_sessions(assign(coach, athlete, [exercise], habits=[habit], start_days_ago=10), 3)
    add_old_episodes(athlete, 30)


@pytest.mark.parametrize("page", ATHLETE_PAGES)
def test_an_athlete_page_reads_as_many_rows_with_ten_times_the_old_episodes(athlete_client, athlete, world, page):
    url = ATHLETE_PAGES[page]()
    few = rows_fetched(athlete_client, url)
    add_old_episodes(athlete, 270)
    assert rows_fetched(athlete_client, url) == few


@pytest.mark.parametrize("page", COACH_PAGES)
def test_a_coach_page_reads_as_many_rows_with_ten_times_the_old_episodes(coach_client, athlete, world, page):
    url = COACH_PAGES[page](athlete)
    few = rows_fetched(coach_client, url)
    add_old_episodes(athlete, 270)
    assert rows_fetched(coach_client, url) == few


def test_the_dashboard_reads_no_episode_once_its_summaries_are_worked_out(coach_client, athlete, world):
    url = reverse("athletes:dashboard")
    first = rows_fetched(coach_client, url)
    assert rows_fetched(coach_client, url) < first - 8  # the eight recent episodes are not read again
