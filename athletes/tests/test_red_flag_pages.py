"""The new red flags as athletes and coaches see them, and the emails a warning sign sends."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from .coaching import link
from .factories import make_episode

pytestmark = pytest.mark.django_db


def test_one_swollen_leg_shows_as_seek_care_today_with_where_to_go(athlete_client, athlete):
    make_episode(athlete, leg_swelling=True, side="left")
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Seek care today: 1 warning sign</strong> — see a healthcare professional" in body
    assert "One swollen, warm or red leg: possible blood clot" in body
    assert "Swelling, redness or skin changes of the left leg logged on" in body
    assert "call the emergency number at once" in body


def test_a_sudden_rise_shows_on_the_log(athlete_client, athlete):
    athlete.date_joined -= timedelta(days=60)
    athlete.save(update_fields=["date_joined"])
    for days_ago in (0, 1, 2, 4):
        make_episode(athlete, days_ago=days_ago, hours_ago=1, setting="training")
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert "Cramps becoming more frequent" in body
    assert "4 cramps in the last 7 days, against 0 in the 21 days before." in body


def test_coaches_are_emailed_about_a_possible_clot(client, coach, athlete, django_capture_on_commit_callbacks):
    link(coach, athlete)
    client.force_login(athlete)
    episode = make_episode(athlete)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("athletes:episode-edit", args=[episode.pk]),
            {
                "occurred_at": episode.occurred_at.strftime("%Y-%m-%dT%H:%M"),
                "muscle": "calves",
                "severity": 5,
                "side": "right",
                "leg_swelling": "on",
            },
        )
    assert [m.to for m in mail.outbox] == [["casey@example.com"]]
    assert "Swelling, redness or skin changes of the right leg logged on" in mail.outbox[0].body
