"""Heat and sweating on the episode form: yes, no or not saying, and what the form keeps (issue 18)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import CrampEpisode

from .factories import make_episode

pytestmark = pytest.mark.django_db


def _details(**fields):
    data = {
        "occurred_at": (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "muscle": "calves",
        "severity": "5",
        **fields,
    }
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("posted", "saved"),
    [("yes", True), ("no", False), ("", None), (None, None), ("on", True)],  # "on": a page kept from before
)
def test_heat_and_sweating_save_as_yes_no_or_not_said(athlete_client, athlete, posted, saved):
    response = athlete_client.post(
        reverse("athletes:episode-create"), _details(hot_conditions=posted, heavy_sweating=posted)
    )
    assert response.status_code == 302
    episode = CrampEpisode.objects.get(athlete=athlete)
    assert (episode.hot_conditions, episode.heavy_sweating) == (saved, saved)


def test_the_form_offers_not_saying_yes_and_no_as_labelled_radios(athlete_client):
    html = athlete_client.get(reverse("athletes:episode-create")).content.decode()
    questions = {
        "hot_conditions": ("Heat", {"": "Not saying", "yes": "Hot or humid conditions", "no": "Not hot"}),
        "heavy_sweating": (
            "Sweating",
            {"": "Not saying", "yes": "Heavy sweating or salt marks", "no": "No heavy sweating"},
        ),
    }
    for name, (question, answers) in questions.items():
        assert f'<legend class="form-label fs-6 mb-1">{question}</legend>' in html
        for value, answer in answers.items():
            radio = re.search(rf'name="{name}" id="([^"]+)" value="{value}"', html)
            assert radio, (name, value)
            assert f'for="{radio.group(1)}">{answer}</label>' in html
        assert f'name="{name}" id="id_{name}_0" value="" autocomplete="off" checked' in html  # nothing said yet


@pytest.mark.parametrize(("stored", "checked"), [(True, "yes"), (False, "no"), (None, "")])
def test_editing_an_episode_shows_what_it_said_and_keeps_not_said(athlete_client, athlete, stored, checked):
    episode = make_episode(athlete, hot_conditions=stored)
    url = reverse("athletes:episode-edit", args=[episode.pk])
    html = athlete_client.get(url).content.decode()
    assert re.search(rf'name="hot_conditions" id="[^"]+" value="{checked}" autocomplete="off" checked', html)
    athlete_client.post(url, _details(hot_conditions=checked))
    episode.refresh_from_db()
    assert episode.hot_conditions is stored
    assert episode.heavy_sweating is None


def test_a_quick_log_says_nothing_about_heat_or_sweating(athlete_client, athlete):
    athlete_client.post(
        reverse("athletes:quick-log"),
        {"muscle": "calves", "severity": "6", "idempotency_key": "2b1f7a0e-8e43-4a52-9f1b-5b0a9c8f1d11"},
        headers={"HX-Request": "true"},
    )
    episode = CrampEpisode.objects.get(athlete=athlete)
    assert (episode.hot_conditions, episode.heavy_sweating) == (None, None)
