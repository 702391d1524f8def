"""Context is invited, not demanded: the log and insights count recent episodes without details,
and one link opens them one after another."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.models import CrampEpisode

from .factories import make_episode, yesterday_afternoon

pytestmark = pytest.mark.django_db


def bare(athlete, days_ago):
    """A quick log left as it was: muscle and severity only."""
    return make_episode(athlete, days_ago=days_ago)


def test_an_episode_with_only_muscle_and_severity_lacks_context(athlete):
    assert insights.lacks_context(bare(athlete, 1))


@pytest.mark.parametrize(
    "detail",
    [
        {"setting": "training"},
        {"fluid_intake": "low"},
        {"heavy_sweating": True},
        {"sleep_hours": 6},
        {"days_since_rest": 4},
        {"session_rpe": 8},
    ],
)
def test_any_one_detail_gives_an_episode_context(athlete, detail):
    assert not insights.lacks_context(make_episode(athlete, **detail))


def test_the_log_counts_the_recent_episodes_without_context(athlete_client, athlete):
    bare(athlete, 1)
    bare(athlete, 5)
    bare(athlete, 30)  # older than 28 days: not asked about
    make_episode(athlete, days_ago=2, setting="training")
    response = athlete_client.get(reverse("athletes:episode-list"))
    assert len(response.context["without_context"]) == 2
    assert "Add details to 2 episodes" in response.content.decode()


def test_the_insights_page_counts_them_too(athlete_client, athlete):
    bare(athlete, 3)
    make_episode(athlete, days_ago=2, fluid_intake="low")
    assert "Add details to 1 episode<" in athlete_client.get(reverse("athletes:insights")).content.decode()


def test_no_prompt_when_every_recent_episode_has_context(athlete_client, athlete):
    make_episode(athlete, days_ago=2, setting="training")
    assert "Add details to" not in athlete_client.get(reverse("athletes:episode-list")).content.decode()


def test_the_prompt_opens_the_newest_episode_without_context(athlete_client, athlete):
    bare(athlete, 5)
    newest = bare(athlete, 1)
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert f'href="{reverse("athletes:episode-edit", args=[newest.pk])}?then=context"' in body


def _save(client, episode, **fields):
    data = {"occurred_at": episode.occurred_at.strftime("%Y-%m-%dT%H:%M"), "muscle": "calves", "severity": 5}
    url = reverse("athletes:episode-edit", args=[episode.pk]) + "?then=context"
    return client.post(url, {**data, **fields})


def test_save_and_next_visits_each_episode_without_context_then_ends(athlete_client, athlete):
    newest, middle, oldest = bare(athlete, 1), bare(athlete, 3), bare(athlete, 6)
    make_episode(athlete, days_ago=2, setting="training")  # has context: not visited
    visited = []
    url = reverse("athletes:episode-edit", args=[newest.pk]) + "?then=context"
    for episode in (newest, middle, oldest):
        assert url == reverse("athletes:episode-edit", args=[episode.pk]) + "?then=context"
        page = athlete_client.get(url).content.decode()
        visited.append(episode)
        assert ("Save and next" in page) == (episode is not oldest)
        assert (">Done<" in page) == (episode is oldest)
        response = _save(athlete_client, episode, setting="rest")
        assert response.status_code == 302
        url = response.url
    assert visited == [newest, middle, oldest]
    assert url == reverse("athletes:episode-list")
    page = athlete_client.get(url).content.decode()
    assert "no more recent episodes are waiting for details" in page
    assert "Add details to" not in page


def test_saving_without_adding_anything_still_moves_on(athlete_client, athlete):
    newest, older = bare(athlete, 1), bare(athlete, 4)
    response = _save(athlete_client, newest)
    assert response.url == reverse("athletes:episode-edit", args=[older.pk]) + "?then=context"
    assert _save(athlete_client, older).url == reverse("athletes:episode-list")


def test_outside_the_sequence_the_form_saves_as_before(athlete_client, athlete):
    episode = bare(athlete, 1)
    page = athlete_client.get(reverse("athletes:episode-edit", args=[episode.pk])).content.decode()
    assert "Save episode" in page
    assert "Save and next" not in page


def test_the_sequence_never_opens_another_athletes_episode(athlete_client, athlete, other_athlete):
    mine = bare(athlete, 1)
    bare(other_athlete, 2)
    assert _save(athlete_client, mine).url == reverse("athletes:episode-list")


def test_after_a_quick_log_add_details_is_one_tap_with_or_without_htmx(athlete_client):
    data = {"muscle": "calves", "severity": 6, "idempotency_key": "3f8c7c1e-8a57-4e62-9d3f-2b1b2f3e4a5b"}
    panel = athlete_client.post(reverse("athletes:quick-log"), data, headers={"HX-Request": "true"})
    assert 'class="btn btn-success btn-lg w-100 mt-2"' in panel.content.decode()
    data["idempotency_key"] = "9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
    plain = athlete_client.post(reverse("athletes:quick-log"), data)
    assert plain.status_code == 302
    assert plain.url.startswith("/log/")


def test_night_read_from_the_clock_alone_asks_the_athlete_to_confirm(athlete_client, athlete):
    # Two quick logs at 01:27 (the athlete's time) with no setting: night from the clock alone, to be confirmed.
    with insights.in_zone_of(athlete):
        for days_ago in (1, 2):
            moment = (timezone.localtime() - timedelta(days=days_ago)).replace(hour=1, minute=27)
            CrampEpisode.objects.create(athlete=athlete, occurred_at=moment, muscle="calves", severity=6)
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert "2 were logged between midnight and 6 am with no setting" in body
    assert "until you confirm you were in bed" in body


def test_no_clock_note_when_no_bare_episode_came_in_the_small_hours(athlete_client, athlete):
    make_episode(athlete, at=yesterday_afternoon())  # "a day ago" would be the small hours when run after midnight
    assert "between midnight and 6 am" not in athlete_client.get(reverse("athletes:episode-list")).content.decode()
