"""Medicines linked with cramps: the athlete lists them on the profile; a red flag says to talk to a doctor."""

import pytest
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from athletes.models import MAX_OTHER_MEDICINES_LENGTH, AthleteProfile

from .coaching import link
from .factories import make_episode

pytestmark = pytest.mark.django_db

PROFILE = {"account-email": "alex@example.com", "account-time_zone": "UTC", "profile-athlete_type": "gym"}


def test_the_profile_page_asks_about_medicines(athlete_client):
    body = athlete_client.get(reverse("profile")).content.decode()
    assert "Medicines" in body
    assert "statins (for cholesterol)" in body.lower()
    assert "diuretics (water tablets)" in body.lower()
    assert "another blood-pressure medicine" in body.lower()
    assert "never stop a medicine on your own" in body


def test_it_saves_the_medicines_an_athlete_takes(athlete_client, athlete):
    response = athlete_client.post(
        reverse("profile"),
        {**PROFILE, "profile-takes_statins": "on", "profile-other_medicines": "  an   asthma inhaler "},
    )
    assert response.status_code == 302
    profile = AthleteProfile.objects.get(user=athlete)
    assert profile.medicines_listed == ["statins"]
    assert profile.other_medicines == "an asthma inhaler"
    assert AthleteProfile.objects.filter(takes_statins=True, takes_diuretics=False).count() == 1


def test_it_refuses_other_medicines_longer_than_the_limit(athlete_client, athlete):
    too_long = "x" * (MAX_OTHER_MEDICINES_LENGTH + 1)
    response = athlete_client.post(reverse("profile"), {**PROFILE, "profile-other_medicines": too_long})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert AthleteProfile.objects.get(user=athlete).other_medicines == ""


def test_the_database_refuses_other_medicines_longer_than_the_limit(athlete):
    # SQLite refuses it by the check constraint; PostgreSQL already by the column's length.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        AthleteProfile.objects.filter(user=athlete).update(other_medicines="x" * (MAX_OTHER_MEDICINES_LENGTH + 1))


def test_an_athlete_on_a_diuretic_with_cramps_is_told_to_talk_to_their_doctor(athlete_client, athlete):
    AthleteProfile.objects.filter(user=athlete).update(takes_diuretics=True)
    make_episode(athlete)
    for name in ("athletes:episode-list", "athletes:insights"):
        body = athlete_client.get(reverse(name)).content.decode()
        assert "Cramps while taking a medicine linked with cramps" in body
        assert "Diuretics (water tablets) listed in the profile, with 1 cramp in the last 28 days." in body
        assert "do not stop or change the medicine on your own" in body
        assert "Book an appointment" in body


def test_no_medicine_flag_without_cramps(athlete_client, athlete):
    AthleteProfile.objects.filter(user=athlete).update(takes_statins=True)
    assert "linked with cramps" not in athlete_client.get(reverse("athletes:insights")).content.decode()


def test_the_coach_sees_the_medicine_flag(coach_client, coach, athlete):
    link(coach, athlete)
    AthleteProfile.objects.filter(user=athlete).update(takes_statins=True)
    make_episode(athlete)
    body = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "Statins listed in the profile" in body
    dashboard = coach_client.get(reverse("athletes:dashboard"))
    [row] = dashboard.context["rows"]
    assert [flag.slug for flag in row.flags] == ["medicines-and-conditions"]


def test_a_session_length_out_of_range_is_an_error_beside_the_field_and_saves_nothing(athlete_client, athlete):
    response = athlete_client.post(
        reverse("profile"), {**PROFILE, "profile-session_minutes": "3", "profile-sport": "Rowing"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a session length between 5 and 720 minutes." in body
    assert "Nothing was saved" in body
    assert AthleteProfile.objects.get(user=athlete).sport == ""
