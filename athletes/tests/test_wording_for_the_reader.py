"""Words that fit who reads them and which day they are about: no "your coach" for an athlete without one,
no "today" or "last night" on an earlier day's check-in."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from athletes import services
from athletes.insights import local_today
from athletes.tests.coaching import link
from athletes.tests.factories import make_episode

pytestmark = pytest.mark.django_db

CHECKIN = "/checkin/"


# Comments ----------------------------------------------------------------


def test_an_athlete_without_a_coach_reads_comments_not_comments_with_a_coach(athlete_client, athlete):
    episode = make_episode(athlete)
    page = athlete_client.get(reverse("athletes:episode-edit", args=[episode.pk])).content.decode()
    assert '<h2 class="h5" id="episode-comments-heading">Comments</h2>' in page
    assert "your coach" not in page

    thread = athlete_client.get(reverse("athletes:episode-comments", args=[episode.pk])).content.decode()
    assert "your coach" not in thread
    assert "only you read them" in thread


def test_an_athlete_with_a_coach_reads_comments_with_your_coach(athlete_client, athlete, coach):
    link(coach, athlete)
    episode = make_episode(athlete)
    page = athlete_client.get(reverse("athletes:episode-edit", args=[episode.pk])).content.decode()
    assert "Comments with your coach" in page

    thread = athlete_client.get(reverse("athletes:episode-comments", args=[episode.pk])).content.decode()
    assert "Between you and your coach" in thread


def test_an_ended_coaching_link_counts_as_no_coach(athlete_client, athlete, coach):
    services.end_link(link(coach, athlete))
    episode = make_episode(athlete)
    page = athlete_client.get(reverse("athletes:episode-edit", args=[episode.pk])).content.decode()
    assert "Comments with your coach" not in page


# An earlier day's check-in ---------------------------------------------------

TODAY_WORDS = ("Cramps today?", "Training today", "Fluids today", "last night", "did a cramp come today", "quick log")


def test_an_earlier_days_checkin_speaks_of_that_day_throughout(athlete_client, athlete):
    day = local_today(athlete) - timedelta(days=2)
    page = athlete_client.get(CHECKIN, {"day": day.isoformat()}).content.decode()
    for words in ("Cramps that day?", "Training that day", "Fluids that day", "Hours slept the night before"):
        assert words in page
    assert "Yes takes you on to log the cramp, with where and the time it came." in page
    for words in TODAY_WORDS:
        assert words not in page, words


def test_an_earlier_days_checkin_sent_without_an_answer_asks_about_that_day(athlete_client, athlete):
    day = local_today(athlete) - timedelta(days=1)
    response = athlete_client.post(CHECKIN, {"day": day.isoformat(), "idempotency_key": str(uuid.uuid4())})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Answer Yes or No: did a cramp come that day?" in page
    for words in TODAY_WORDS:
        assert words not in page, words


def test_todays_checkin_still_speaks_of_today(athlete_client):
    page = athlete_client.get(CHECKIN).content.decode()
    for words in ("Cramps today?", "Training today", "Fluids today", "Hours slept last night", "quick log"):
        assert words in page
    response = athlete_client.post(CHECKIN, {"idempotency_key": str(uuid.uuid4())})
    assert "Answer Yes or No: did a cramp come today?" in response.content.decode()
