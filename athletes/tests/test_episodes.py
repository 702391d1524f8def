import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import CrampEpisode
from library.tests.factories import make_cause

from .factories import make_episode

pytestmark = pytest.mark.django_db


def _quick(client, key=None, **data):
    payload = {"muscle": "calves", "severity": "6", "idempotency_key": str(key or uuid.uuid4()), **data}
    return client.post(reverse("athletes:quick-log"), payload, headers={"HX-Request": "true"})


def _details(**overrides):
    data = {
        "occurred_at": (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "muscle": "hamstrings",
        "side": "left",
        "severity": "7",
        "duration_minutes": "2.5",
        "setting": "training",
        "minutes_into_session": "75",
        "session_rpe": "8",
        "fluid_intake": "low",
        "heavy_sweating": "on",
        "sleep_hours": "7",
        "days_since_rest": "3",
        "notes": "Second half of the match.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_logs_an_episode_with_muscle_and_severity_alone(athlete_client, athlete):
    response = _quick(athlete_client)
    assert response.status_code == 200
    episode = CrampEpisode.objects.get(athlete=athlete)
    assert (episode.muscle, episode.severity) == ("calves", 6)
    assert abs(episode.occurred_at - timezone.now()) < timedelta(minutes=1)
    body = response.content.decode()
    assert "Logged: Calves, severity 6" in body
    assert reverse("athletes:episode-edit", args=[episode.pk]) in body
    assert json.loads(response.headers["HX-Trigger"]) == {"episode-logged": {}}


def test_a_double_tap_does_not_log_twice(athlete_client, athlete):
    key = uuid.uuid4()
    _quick(athlete_client, key=key)
    second = _quick(athlete_client, key=key)
    assert second.status_code == 200
    assert CrampEpisode.objects.filter(athlete=athlete).count() == 1
    assert "HX-Trigger" not in second.headers


def test_the_same_key_from_two_athletes_logs_two_episodes(client, athlete, other_athlete):
    key = uuid.uuid4()
    for user in (athlete, other_athlete):
        client.force_login(user)
        _quick(client, key=key)
    assert CrampEpisode.objects.count() == 2


def test_a_plain_quick_log_goes_on_to_the_details_form(athlete_client, athlete):
    response = athlete_client.post(
        reverse("athletes:quick-log"), {"muscle": "feet", "severity": "3", "idempotency_key": str(uuid.uuid4())}
    )
    episode = CrampEpisode.objects.get(athlete=athlete)
    assert response.status_code == 302
    assert response.url == reverse("athletes:episode-edit", args=[episode.pk])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"muscle": "elbow"}, "Select a valid choice"),
        ({"muscle": ""}, "This field is required"),
        ({"severity": "11"}, "Select a valid choice"),
        ({"severity": "0"}, "Select a valid choice"),
    ],
)
def test_a_bad_quick_log_shows_why_and_saves_nothing(athlete_client, data, message):
    response = _quick(athlete_client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CrampEpisode.objects.count() == 0


def test_it_logs_an_episode_with_details(athlete_client, athlete):
    fatigue = make_cause("neuromuscular-fatigue")
    response = athlete_client.post(reverse("athletes:episode-create"), _details(suspected_causes=[fatigue.pk]))
    assert response.status_code == 302
    episode = CrampEpisode.objects.get(athlete=athlete)
    assert episode.muscle == "hamstrings"
    assert episode.minutes_into_session == 75
    assert episode.heavy_sweating is True
    assert list(episode.suspected_causes.all()) == [fatigue]


def test_it_adds_details_to_a_quick_logged_episode(athlete_client, athlete):
    episode = make_episode(athlete)
    response = athlete_client.post(reverse("athletes:episode-edit", args=[episode.pk]), _details())
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.muscle, episode.session_rpe, episode.notes) == ("hamstrings", 8, "Second half of the match.")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"occurred_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "occurred_at",
            "That time is in the future",
        ),
        ({"severity": "11"}, "severity", "Severity goes from 1 to 10."),
        ({"severity": "0"}, "severity", "Severity goes from 1 to 10."),
        ({"duration_minutes": "-3"}, "duration_minutes", "Enter a duration between 0.1 and 240 minutes"),
        ({"duration_minutes": "5000"}, "duration_minutes", "Enter a duration between 0.1 and 240 minutes"),
        ({"muscle": "elbow"}, "muscle", "Choose a muscle from the list."),
        ({"notes": "x" * 10_000}, "notes", "at most 2000 characters"),
        ({"sleep_hours": "30"}, "sleep_hours", "less than or equal to 24"),
        ({"session_rpe": "12"}, "session_rpe", "less than or equal to 10"),
    ],
)
def test_bad_details_show_a_message_beside_the_field_and_save_nothing(athlete_client, overrides, field, message):
    response = athlete_client.post(reverse("athletes:episode-create"), _details(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert CrampEpisode.objects.count() == 0


def test_a_bad_edit_changes_nothing(athlete_client, athlete):
    episode = make_episode(athlete, severity=4)
    athlete_client.post(reverse("athletes:episode-edit", args=[episode.pk]), _details(severity="99"))
    episode.refresh_from_db()
    assert episode.severity == 4


def test_html_in_notes_is_shown_escaped(athlete_client, athlete):
    make_episode(athlete, notes="<img src=x onerror=alert(1)>")
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_history_is_newest_first_and_paginated(athlete_client, athlete):
    for i in range(25):
        make_episode(athlete, days_ago=i, notes=f"episode-{i:02d}")
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert body.index("episode-00") < body.index("episode-01")
    assert "episode-19" in body
    assert "episode-20" not in body
    assert "Page 1 of 2" in body
    page_two = athlete_client.get(reverse("athletes:episode-list"), {"page": 2}).content.decode()
    assert "episode-24" in page_two


def test_history_filters_by_muscle_setting_and_dates(athlete_client, athlete):
    make_episode(athlete, muscle="calves", setting="night", days_ago=1, notes="calf-night")
    make_episode(athlete, muscle="hamstrings", setting="training", days_ago=3, notes="ham-training")
    make_episode(athlete, muscle="calves", setting="training", days_ago=10, notes="calf-old")

    def listed(**params):
        body = athlete_client.get(reverse("athletes:episode-list"), params).content.decode()
        return {n for n in ("calf-night", "ham-training", "calf-old") if n in body}

    assert listed(muscle="calves") == {"calf-night", "calf-old"}
    assert listed(setting="training") == {"ham-training", "calf-old"}
    start = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert listed(start=start) == {"calf-night", "ham-training"}
    end = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert listed(end=end) == {"calf-old"}


def test_a_backwards_date_range_says_so(athlete_client, athlete):
    response = athlete_client.get(reverse("athletes:episode-list"), {"start": "2026-05-10", "end": "2026-05-01"})
    assert "The end date is before the start date." in response.content.decode()


def test_an_htmx_history_request_returns_only_the_results(athlete_client, athlete):
    make_episode(athlete, notes="only-me")
    response = athlete_client.get(
        reverse("athletes:episode-list"), {"muscle": "calves"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "only-me" in body
    assert "Quick log" not in body


def test_it_deletes_an_episode_after_confirmation(athlete_client, athlete):
    episode = make_episode(athlete)
    confirm = athlete_client.get(reverse("athletes:episode-delete", args=[episode.pk]))
    assert "Delete this episode?" in confirm.content.decode()
    assert CrampEpisode.objects.filter(pk=episode.pk).exists()
    athlete_client.post(reverse("athletes:episode-delete", args=[episode.pk]))
    assert not CrampEpisode.objects.filter(pk=episode.pk).exists()


def test_an_empty_log_explains_what_to_do(athlete_client):
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert "No episodes logged yet" in body
