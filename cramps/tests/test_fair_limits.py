"""Fair lock-outs and limits: a lock-out ends when its page says, guesses over many usernames from one
address are slowed, and password reset and email change links stop at a limit without saying so."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

ELSEWHERE = "198.51.100.2"


def fail_login(client, username, **extra):
    return client.post(reverse("login"), {"username": username, "password": "wrong-guess-123"}, **extra)


def log_in(client, username, **extra):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, **extra)


def minutes_pass(minutes):
    """Move every log-in attempt back in time, as if `minutes` had passed since."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


# Lock-outs ------------------------------------------------------------------------


def test_a_lockout_ends_a_cool_off_after_the_first_failure_whatever_is_tried_during_it(client, athlete, settings):
    fail_login(client, "alex")
    minutes_pass(10)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail_login(client, "alex")
    minutes_pass(settings.LOGIN_COOL_OFF_MINUTES - 10 - 1)  # a minute is left
    before = AccessAttempt.objects.get()
    for _ in range(3):  # tries during the lock-out, wrong and right: none of them moves its end
        assert fail_login(client, "alex").status_code == 429
    response = log_in(client, "alex")
    assert response.status_code == 429
    assert "wait 1 minute," in response.content.decode()
    after = AccessAttempt.objects.get()
    assert (after.attempt_time, after.failures_since_start) == (before.attempt_time, settings.AXES_FAILURE_LIMIT)
    minutes_pass(1)
    assert log_in(client, "alex").status_code == 302


def test_the_lockout_page_says_the_time_that_is_left(client, athlete, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "alex")
    minutes_pass(6)
    body = log_in(client, "alex").content.decode()
    assert f"wait {settings.LOGIN_COOL_OFF_MINUTES - 6} minutes" in body


def test_slips_spread_over_the_window_do_not_stretch_it(client, athlete, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail_login(client, "alex")
        minutes_pass(3)
    # The first slip was 12 minutes ago; this one locks, until 15 minutes after the first.
    assert fail_login(client, "alex").status_code == 429
    assert "wait 3 minutes" in log_in(client, "alex").content.decode()
    minutes_pass(3)
    assert log_in(client, "alex").status_code == 302


def test_guesses_over_many_usernames_from_one_address_are_slowed(client, athlete, other_athlete, settings):
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        assert fail_login(client, f"guess{n}").status_code == 200
    # Below the address's limit, people behind it still log in.
    assert log_in(Client(), "blair").status_code == 302
    assert fail_login(client, "one-more-guess").status_code == 429
    response = log_in(client, "alex")
    assert response.status_code == 429
    body = response.content.decode()
    assert f"After {settings.LOGIN_ADDRESS_FAILURE_LIMIT} wrong passwords from your address" in body
    assert f"wait {settings.LOGIN_COOL_OFF_MINUTES} minutes" in body
    assert log_in(client, "alex", REMOTE_ADDR=ELSEWHERE).status_code == 302  # another address is not paused
    assert AccessAttempt.objects.filter(username="alex").count() == 0  # the tries while paused were not counted
    minutes_pass(settings.LOGIN_COOL_OFF_MINUTES)
    assert log_in(Client(), "alex").status_code == 302


def test_the_address_limit_is_a_setting(client, athlete, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        fail_login(client, f"guess{n}")
    assert log_in(client, "alex").status_code == 429


# Password resets ----------------------------------------------------------------


def ask_reset(client, email="alex@example.com", **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def test_the_fourth_reset_in_an_hour_sends_nothing_and_says_the_same(client, athlete, settings):
    answers = [ask_reset(client) for _ in range(settings.PASSWORD_RESET_ACCOUNT_LIMIT + 1)]
    assert len(mail.outbox) == settings.PASSWORD_RESET_ACCOUNT_LIMIT == 3
    assert {(answer.status_code, answer.url) for answer in answers} == {(302, reverse("password_reset_done"))}
    assert "If an account uses that address" in client.get(answers[-1].url).content.decode()
    ask_reset(client, REMOTE_ADDR=ELSEWHERE)  # the limit is the account's, from any address
    assert len(mail.outbox) == 3


def test_resets_asked_from_one_address_stop_at_its_limit(client, athlete, settings):
    for n in range(settings.PASSWORD_RESET_ADDRESS_LIMIT):
        ask_reset(client, f"nobody{n}@example.com")
    answer = ask_reset(client)
    assert answer.url == reverse("password_reset_done")
    assert mail.outbox == []
    ask_reset(client, REMOTE_ADDR=ELSEWHERE)
    assert [message.to for message in mail.outbox] == [["alex@example.com"]]


# Email changes ------------------------------------------------------------------


def change_email(client, address):
    data = {
        "account-first_name": "Alex",
        "account-email": address,
        "account-time_zone": "UTC",
        "account-current_password": PASSWORD,
        "profile-athlete_type": "gym",
    }
    response = client.post(reverse("profile"), data, follow=True)
    assert f"We have sent a link to {address}" in response.content.decode()


def test_email_changes_stop_at_the_accounts_limit_and_say_the_same(athlete_client, settings):
    for n in range(settings.EMAIL_CHANGE_ACCOUNT_LIMIT + 1):
        change_email(athlete_client, f"alex{n}@example.com")
    assert len(mail.outbox) == settings.EMAIL_CHANGE_ACCOUNT_LIMIT


def test_email_changes_from_one_address_stop_at_its_limit(athlete, other_athlete, settings):
    settings.EMAIL_CHANGE_ADDRESS_LIMIT = 2
    alex, blair = Client(), Client()
    alex.force_login(athlete)
    blair.force_login(other_athlete)
    change_email(alex, "alex1@example.com")
    change_email(blair, "blair1@example.com")
    change_email(alex, "alex2@example.com")  # a third from the same address: no link, the same message
    assert [message.to for message in mail.outbox] == [["alex1@example.com"], ["blair1@example.com"]]
