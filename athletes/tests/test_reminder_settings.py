"""The athlete's reminder settings on the profile, and the unsubscribe links of the reminder emails."""

import json
from datetime import date, time
from unittest import mock

import pytest
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from athletes import export
from athletes.models import AthleteProfile, Reminder
from athletes.reminder_email import UNSUBSCRIBE_MAX_AGE, UNSUBSCRIBE_SALT, unsubscribe_token

pytestmark = pytest.mark.django_db


def profile_post(athlete, **reminders):
    data = {
        "account-first_name": "Alex",
        "account-last_name": "",
        "account-email": athlete.email,
        "account-time_zone": "Europe/Madrid",
        "profile-athlete_type": "gym",
    }
    return data | {f"reminders-{name}": value for name, value in reminders.items()}


def profile_of(athlete):
    return AthleteProfile.objects.get(user=athlete)


# Settings ----------------------------------------------------------------------------------------------


def test_the_profile_shows_the_reminders_off(athlete_client):
    response = athlete_client.get(reverse("profile"))
    form = response.context["reminder_form"]
    assert (form["checkin_reminder"].value(), form["session_reminder"].value()) == (False, False)
    body = response.content.decode()
    assert 'name="reminders-checkin_reminder_time"' in body
    assert 'type="time"' in body


def test_an_athlete_turns_both_reminders_on_at_their_times(athlete_client, athlete):
    data = profile_post(
        athlete, checkin_reminder="on", checkin_reminder_time="07:45", session_reminder="on", plan_session_time="19:30"
    )
    response = athlete_client.post(reverse("profile"), data)
    assert response.status_code == 302
    profile = profile_of(athlete)
    assert (profile.checkin_reminder, profile.checkin_reminder_time) == (True, time(7, 45))
    assert (profile.session_reminder, profile.plan_session_time) == (True, time(19, 30))


def test_leaving_the_boxes_unticked_turns_reminders_off_and_keeps_the_times(athlete_client, athlete):
    AthleteProfile.objects.filter(user=athlete).update(checkin_reminder=True, checkin_reminder_time=time(6, 15))
    response = athlete_client.post(reverse("profile"), profile_post(athlete, checkin_reminder_time=""))
    assert response.status_code == 302
    profile = profile_of(athlete)
    assert (profile.checkin_reminder, profile.checkin_reminder_time) == (False, time(6, 15))


@pytest.mark.parametrize("value", ["25:00", "noon", "7:61", "99"])
def test_an_impossible_time_is_a_form_error_and_nothing_is_saved(athlete_client, athlete, value):
    response = athlete_client.post(
        reverse("profile"), profile_post(athlete, checkin_reminder="on", checkin_reminder_time=value)
    )
    assert response.status_code == 200
    assert response.context["reminder_form"].errors["checkin_reminder_time"] == [
        "Enter a time of day, for example 20:00."
    ]
    assert "Nothing was saved" in response.content.decode()
    assert profile_of(athlete).checkin_reminder is False


def test_a_reminder_turned_on_needs_its_time(athlete_client, athlete):
    response = athlete_client.post(
        reverse("profile"), profile_post(athlete, session_reminder="on", plan_session_time="")
    )
    assert response.status_code == 200
    assert "plan_session_time" in response.context["reminder_form"].errors
    assert profile_of(athlete).session_reminder is False


def test_a_coach_has_no_reminder_settings(coach_client, coach):
    response = coach_client.get(reverse("profile"))
    assert response.context["reminder_form"] is None
    assert "reminders-checkin_reminder" not in response.content.decode()


def test_the_settings_need_a_log_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_page_warns_when_there_is_no_address_to_remind(athlete_client, athlete):
    athlete.email = ""
    athlete.save(update_fields=["email"])
    assert "Reminders go only to a confirmed email address" in athlete_client.get(reverse("profile")).content.decode()


# Unsubscribing ------------------------------------------------------------------------------------------


def turn_both_on(athlete):
    AthleteProfile.objects.filter(user=athlete).update(checkin_reminder=True, session_reminder=True)


def test_the_link_asks_first_and_its_button_turns_off_that_kind_with_no_log_in(athlete):
    turn_both_on(athlete)
    client = Client(enforce_csrf_checks=True)
    url = reverse("athletes:reminder-unsubscribe", args=[unsubscribe_token(athlete, "checkin")])
    page = client.get(url)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200
    assert "Stop the reminders" in page.content.decode()
    assert (profile_of(athlete).checkin_reminder, profile_of(athlete).session_reminder) == (True, True)

    response = client.post(url, {"csrfmiddlewaretoken": page.context["csrf_token"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "no more check-in reminders" in body
    assert f'href="{reverse("profile")}"' in body
    profile = profile_of(athlete)
    assert (profile.checkin_reminder, profile.session_reminder) == (False, True)


def test_a_mail_clients_one_click_post_turns_it_off_without_a_csrf_token(athlete):
    turn_both_on(athlete)
    client = Client(enforce_csrf_checks=True)
    url = reverse("athletes:reminder-unsubscribe-one-click", args=[unsubscribe_token(athlete, "session")])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    profile = profile_of(athlete)
    assert (profile.checkin_reminder, profile.session_reminder) == (True, False)


def test_the_one_click_address_answers_only_a_post(client, athlete):
    token = unsubscribe_token(athlete, "checkin")
    assert client.get(reverse("athletes:reminder-unsubscribe-one-click", args=[token])).status_code == 405


def bad_tokens(athlete):
    good = unsubscribe_token(athlete, "checkin")
    return {
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "cut short": good[:10],
        "another salt": signing.dumps({"athlete": athlete.pk, "kind": "checkin"}, salt="cramps.confirm-email"),
        "unknown kind": signing.dumps({"athlete": athlete.pk, "kind": "weekly"}, salt=UNSUBSCRIBE_SALT),
        "not a claim": signing.dumps("checkin", salt=UNSUBSCRIBE_SALT),
        "nobody": signing.dumps({"athlete": 999_999, "kind": "checkin"}, salt=UNSUBSCRIBE_SALT),
        "garbage": "%00<script>",
    }


@pytest.mark.parametrize(
    "case", ["tampered", "cut short", "another salt", "unknown kind", "not a claim", "nobody", "garbage"]
)
def test_a_bad_token_is_refused_and_changes_nothing(client, athlete, case):
    turn_both_on(athlete)
    token = bad_tokens(athlete)[case]
    page = client.get(reverse("athletes:reminder-unsubscribe", args=[token]))
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()
    assert client.post(reverse("athletes:reminder-unsubscribe", args=[token])).status_code == 404
    assert client.post(reverse("athletes:reminder-unsubscribe-one-click", args=[token])).status_code == 404
    profile = profile_of(athlete)
    assert (profile.checkin_reminder, profile.session_reminder) == (True, True)


def test_a_stop_link_made_for_an_earlier_reminder_time_no_longer_works(client, athlete):
    turn_both_on(athlete)
    token = unsubscribe_token(athlete, "checkin")  # made for the 20:00 check-in reminder
    AthleteProfile.objects.filter(user=athlete).update(checkin_reminder_time=time(7, 30))
    assert client.get(reverse("athletes:reminder-unsubscribe", args=[token])).status_code == 404
    assert client.post(reverse("athletes:reminder-unsubscribe-one-click", args=[token])).status_code == 404
    assert profile_of(athlete).checkin_reminder is True
    athlete.refresh_from_db()
    fresh = unsubscribe_token(athlete, "checkin")  # the next email's link, made for 07:30, works
    assert client.post(reverse("athletes:reminder-unsubscribe-one-click", args=[fresh])).status_code == 200
    assert profile_of(athlete).checkin_reminder is False


def test_a_stop_link_older_than_its_lifetime_no_longer_works(client, athlete):
    turn_both_on(athlete)
    made_at = 1_700_000_000  # any moment; the link is read UNSUBSCRIBE_MAX_AGE and a second after it
    with mock.patch("django.core.signing.time.time", return_value=made_at):
        token = unsubscribe_token(athlete, "session")
    just_in_time = made_at + UNSUBSCRIBE_MAX_AGE.total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=just_in_time):
        assert client.get(reverse("athletes:reminder-unsubscribe", args=[token])).status_code == 200
    with mock.patch("django.core.signing.time.time", return_value=just_in_time + 1):
        assert client.get(reverse("athletes:reminder-unsubscribe", args=[token])).status_code == 404
        assert client.post(reverse("athletes:reminder-unsubscribe-one-click", args=[token])).status_code == 404
    assert profile_of(athlete).session_reminder is True


def test_a_reminder_turned_off_by_link_can_be_turned_on_again_in_the_profile(athlete_client, athlete):
    turn_both_on(athlete)
    athlete_client.post(reverse("athletes:reminder-unsubscribe", args=[unsubscribe_token(athlete, "checkin")]))
    assert profile_of(athlete).checkin_reminder is False
    data = profile_post(
        athlete, checkin_reminder="on", checkin_reminder_time="20:00", session_reminder="on", plan_session_time="18:00"
    )
    assert athlete_client.post(reverse("profile"), data).status_code == 302
    assert profile_of(athlete).checkin_reminder is True


def test_the_athletes_export_holds_their_reminder_settings_and_the_reminders_sent(athlete):
    AthleteProfile.objects.filter(user=athlete).update(checkin_reminder=True, checkin_reminder_time=time(7, 30))
    Reminder.objects.create(athlete=athlete, kind="checkin", day=date(2026, 11, 27))
    data = json.loads(json.dumps(export.everything(athlete), cls=DjangoJSONEncoder))
    assert (data["profile"]["checkin_reminder"], data["profile"]["checkin_reminder_time"]) == (True, "07:30:00")
    assert [(r["kind"], r["day"]) for r in data["reminders_sent"]] == [("checkin", "2026-11-27")]
