"""Red flags can be acknowledged by the athlete or their coach; they come back when a newer episode raises them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.models import FlagAcknowledgement

from .coaching import link
from .factories import make_episode

pytestmark = pytest.mark.django_db


def numb(athlete, **fields):
    return make_episode(athlete, numbness=True, setting="training", **fields)


def acknowledge(client, slug="numbness", **data):
    return client.post(reverse("athletes:acknowledge-flag", args=[slug]), data)


def test_the_flags_show_as_one_line_that_opens(athlete_client, athlete):
    numb(athlete, days_ago=2)
    make_episode(athlete, leg_swelling=True, side="left", setting="training")
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert '<details class="alert alert-danger red-flags py-2" id="red-flags">' in body
    assert "Seek care today: 2 warning signs</strong> — see a healthcare professional</summary>" in body


def test_an_athlete_acknowledges_their_flag_and_it_moves_to_the_acknowledged_list(athlete_client, athlete):
    numb(athlete, days_ago=2)
    response = acknowledge(athlete_client, next=reverse("athletes:insights"))
    assert response.status_code == 302
    assert response.url == reverse("athletes:insights")
    ack = FlagAcknowledgement.objects.get(athlete=athlete, slug="numbness")
    assert ack.acknowledged_by == athlete
    flags = insights.red_flags_for(athlete)
    assert list(flags) == []
    assert [f.slug for f in flags.acknowledged] == ["numbness"]
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "warning sign</strong>" not in body
    assert "Acknowledged (1)" in body
    assert "acknowledged by you on" in body


def test_a_flag_comes_back_when_a_newer_episode_raises_it_again(athlete_client, athlete):
    numb(athlete, days_ago=3)
    acknowledge(athlete_client)
    numb(athlete)  # now, after the acknowledgement
    flags = insights.red_flags_for(athlete)
    assert [f.slug for f in flags] == ["numbness"]
    assert flags.acknowledged == []


def test_an_episode_logged_after_the_acknowledgement_brings_it_back_even_if_it_happened_before(athlete, coach):
    numb(athlete, days_ago=1)
    FlagAcknowledgement.objects.create(
        athlete=athlete, slug="numbness", acknowledged_by=athlete, acknowledged_at=timezone.now() - timedelta(hours=1)
    )
    numb(athlete, days_ago=5)  # it happened before, but the athlete tells us only now
    assert [f.slug for f in insights.red_flags_for(athlete)] == ["numbness"]


def test_episodes_logged_before_the_acknowledgement_do_not_bring_it_back(athlete, coach):
    numb(athlete, days_ago=1)
    numb(athlete, days_ago=5)
    FlagAcknowledgement.objects.create(athlete=athlete, slug="numbness", acknowledged_by=athlete)
    assert list(insights.red_flags_for(athlete)) == []


def test_acknowledging_one_flag_leaves_the_others_in_view(athlete_client, athlete):
    numb(athlete, days_ago=2)
    make_episode(athlete, days_ago=2, vomiting=True, setting="training")
    acknowledge(athlete_client)
    assert [f.slug for f in insights.red_flags_for(athlete)] == ["vomiting"]


def test_acknowledging_again_moves_the_time_on(athlete_client, athlete):
    numb(athlete, days_ago=2)
    FlagAcknowledgement.objects.create(
        athlete=athlete, slug="numbness", acknowledged_by=athlete, acknowledged_at=timezone.now() - timedelta(days=5)
    )
    acknowledge(athlete_client)
    # Both are kept, for the history; the latest counts.
    first, latest = FlagAcknowledgement.objects.filter(athlete=athlete, slug="numbness").order_by("acknowledged_at")
    assert timezone.now() - first.acknowledged_at > timedelta(days=4)
    assert timezone.now() - latest.acknowledged_at < timedelta(minutes=1)
    assert insights.red_flags_for(athlete).acknowledged[0].acknowledgement == latest


def test_a_linked_coach_acknowledges_and_the_athlete_sees_who(client, coach, athlete):
    link(coach, athlete)
    numb(athlete, days_ago=2)
    client.force_login(coach)
    response = client.post(reverse("athletes:coach-acknowledge-flag", args=[athlete.pk, "numbness"]))
    assert response.status_code == 302
    assert FlagAcknowledgement.objects.get(athlete=athlete, slug="numbness").acknowledged_by == coach
    coach_page = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "acknowledged by you on" in coach_page
    client.force_login(athlete)
    assert "acknowledged by Casey on" in client.get(reverse("athletes:episode-list")).content.decode()


def test_a_coach_cannot_acknowledge_a_warning_that_needs_care_today(client, coach, athlete):
    link(coach, athlete)
    make_episode(athlete, hours_ago=2, setting="training", leg_swelling=True, side="left")
    client.force_login(coach)
    page = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "Only Alex can acknowledge a warning that needs care today." in page
    response = client.post(reverse("athletes:coach-acknowledge-flag", args=[athlete.pk, "clot-signs"]), follow=True)
    assert "Only Alex can acknowledge a warning that needs care today." in response.content.decode()
    assert not FlagAcknowledgement.objects.exists()
    assert [f.slug for f in insights.red_flags_for(athlete)] == ["clot-signs"]


def test_an_acknowledged_flag_no_longer_asks_for_the_coachs_attention(coach_client, coach, athlete):
    link(coach, athlete)
    numb(athlete, days_ago=2)
    FlagAcknowledgement.objects.create(athlete=athlete, slug="numbness", acknowledged_by=coach)
    row = coach_client.get(reverse("athletes:dashboard")).context["rows"][0]
    assert row.attention == []
    assert [f.slug for f in row.flags.acknowledged] == ["numbness"]


def test_another_coach_gets_404_and_acknowledges_nothing(client, other_coach, coach, athlete):
    link(coach, athlete)
    numb(athlete, days_ago=2)
    client.force_login(other_coach)
    response = client.post(reverse("athletes:coach-acknowledge-flag", args=[athlete.pk, "numbness"]))
    assert response.status_code == 404
    assert not FlagAcknowledgement.objects.exists()


def test_an_athlete_cannot_use_the_coachs_address_for_another_athlete(athlete_client, other_athlete):
    numb(other_athlete, days_ago=2)
    response = athlete_client.post(reverse("athletes:coach-acknowledge-flag", args=[other_athlete.pk, "numbness"]))
    assert response.status_code == 404
    assert not FlagAcknowledgement.objects.exists()


def test_an_athlete_acknowledges_only_their_own_flags(athlete_client, athlete, other_athlete):
    numb(other_athlete, days_ago=2)
    acknowledge(athlete_client)
    assert not FlagAcknowledgement.objects.filter(athlete=other_athlete).exists()
    assert [f.slug for f in insights.red_flags_for(other_athlete)] == ["numbness"]


def test_a_slug_that_names_no_flag_is_404(athlete_client):
    assert acknowledge(athlete_client, slug="not-a-flag").status_code == 404
    assert not FlagAcknowledgement.objects.exists()


def test_acknowledging_takes_a_post(athlete_client):
    assert athlete_client.get(reverse("athletes:acknowledge-flag", args=["numbness"])).status_code == 405


@pytest.mark.parametrize("next_url", ["https://example.org/", "//example.org/", "insights", "athletes:routine"])
def test_a_next_address_off_the_site_or_not_a_path_is_ignored(athlete_client, athlete, next_url):
    numb(athlete, days_ago=2)
    response = acknowledge(athlete_client, next=next_url)
    assert response.status_code == 302
    assert response.url == reverse("athletes:episode-list")
