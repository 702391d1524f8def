"""A new email address on the profile needs the current password: password resets go to it."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from athletes.models import AthleteProfile
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def save_profile(client, **account):
    data = {
        "account-first_name": "Alex",
        "account-email": "alex@example.com",
        "account-time_zone": "UTC",
        "profile-athlete_type": "gym",
        "profile-sport": "Rowing",
    }
    data.update({f"account-{name}": value for name, value in account.items()})
    return client.post(reverse("profile"), data)


def test_a_new_email_without_the_password_is_refused_and_nothing_is_saved(athlete_client, athlete):
    response = save_profile(athlete_client, email="alex.new@example.com")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter your current password to change your email address." in body
    assert 'id="error_1_id_account-current_password"' in body  # beside the field
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"
    assert AthleteProfile.objects.get(user=athlete).sport == ""


def test_a_new_email_with_a_wrong_password_is_refused_and_nothing_is_saved(athlete_client, athlete):
    response = save_profile(athlete_client, email="alex.new@example.com", current_password="not-my-password-1")
    assert "That is not your current password. Your email address was not changed." in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"
    assert AthleteProfile.objects.get(user=athlete).sport == ""


def test_a_new_email_with_the_password_is_the_members_once_confirmed(athlete_client, athlete, caplog):
    caplog.set_level(logging.INFO, logger="cramps.security")
    response = save_profile(athlete_client, email="alex.new@example.com", current_password=PASSWORD)
    assert response.status_code == 302
    assert "We have sent a link to alex.new@example.com" in athlete_client.get(response.url).content.decode()
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"  # until the link is opened
    assert AthleteProfile.objects.get(user=athlete).sport == "Rowing"  # the rest of the form is saved
    (message,) = mail.outbox
    assert message.to == ["alex.new@example.com"]
    path = "/" + re.search(r"^\S+/accounts/email/confirm/\S+/$", message.body, re.MULTILINE).group(0).split("/", 3)[3]
    athlete_client.post(path)
    athlete.refresh_from_db()
    assert athlete.email == "alex.new@example.com"
    lines = [r.getMessage() for r in caplog.records if r.name == "cramps.security"]
    assert "email-change-asked user=alex ip=127.0.0.1 path=/accounts/profile/" in lines
    assert any(line.startswith("email-changed user=alex ") for line in lines)
    assert not any("alex.new" in line or PASSWORD in line for line in lines)


def test_a_taken_address_reads_the_same_as_a_free_one(athlete_client, athlete, other_athlete):
    pages = []
    for address in ("alex.new@example.com", "blair@example.com"):
        response = save_profile(athlete_client, email=address, current_password=PASSWORD)
        assert response.status_code == 302
        pages.append(athlete_client.get(response.url).content.decode().replace(address, "ADDRESS"))
    said = [re.search(r"We have sent a link to ADDRESS[^<]*", page).group(0) for page in pages]
    assert said[0] == said[1]
    assert "already" not in pages[1]
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"
    assert [m.to for m in mail.outbox] == [["alex.new@example.com"], ["blair@example.com"]]
    assert "/accounts/email/confirm/" not in mail.outbox[1].body  # the owner is told; no link to take it


def test_the_same_email_needs_no_password(athlete_client, athlete):
    assert save_profile(athlete_client).status_code == 302
    assert AthleteProfile.objects.get(user=athlete).sport == "Rowing"


def test_without_the_password_a_taken_address_is_not_confirmed(athlete_client, athlete, other_athlete):
    body = save_profile(athlete_client, email="blair@example.com", current_password="not-my-password-1").content
    assert b"already exists" not in body
    assert b"That is not your current password." in body


def test_wrong_passwords_here_count_towards_the_log_in_lock_out(athlete_client, athlete, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        save_profile(athlete_client, email="alex.new@example.com", current_password="wrong-guess-123")
    response = save_profile(athlete_client, email="alex.new@example.com", current_password="wrong-guess-123")
    assert response.status_code == 429
    response = save_profile(athlete_client, email="alex.new@example.com", current_password=PASSWORD)
    assert response.status_code == 429  # even the right password waits out the pause
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"
