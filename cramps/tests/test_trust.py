"""Trust: throttled log-ins and invite codes, sessions, private headers, the security log."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import CoachInvite, CoachLink
from conftest import PASSWORD
from cramps import security

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "calf-raise-tempo-33"


def fail_logins(client, username, times, url=None):
    for _ in range(times):
        client.post(url or reverse("login"), {"username": username, "password": "wrong-guess-123"})


# Log-ins ----------------------------------------------------------------------


def test_after_the_limit_even_the_right_password_is_refused(client, athlete, settings):
    fail_logins(client, "alex", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "alex", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_to_wait(client, athlete, settings):
    fail_logins(client, "alex", settings.AXES_FAILURE_LIMIT)
    body = client.post(reverse("login"), {"username": "alex", "password": PASSWORD}).content.decode()
    assert "Too many log-in attempts" in body
    assert f"wait {settings.LOGIN_COOL_OFF_MINUTES} minutes" in body
    assert "Traceback" not in body


def test_the_admin_log_in_is_locked_out_too(client, staff, settings):
    url = reverse("admin:login")
    fail_logins(client, "sam", settings.AXES_FAILURE_LIMIT, url=url)
    response = client.post(url, {"username": "sam", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_login_before_the_limit_forgives_only_that_accounts_slips(client, athlete, other_athlete, settings):
    fail_logins(client, "alex", settings.AXES_FAILURE_LIMIT - 1)
    fail_logins(client, "blair", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(reverse("login"), {"username": "alex", "password": PASSWORD})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="alex").exists()
    assert AccessAttempt.objects.get(username="blair").failures_since_start == settings.AXES_FAILURE_LIMIT - 1


def test_behind_the_proxy_a_lockout_holds_for_the_forwarded_address_only(client, athlete, settings):
    settings.CLIENT_IP_FROM_FORWARDED_FOR = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": "alex", "password": "wrong-guess-123"}, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
    elsewhere = client.post(
        reverse("login"), {"username": "alex", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert elsewhere.status_code == 302


def test_one_locked_account_leaves_others_free(client, athlete, other_athlete, settings):
    fail_logins(client, "alex", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "blair", "password": PASSWORD})
    assert response.status_code == 302


def test_a_superuser_unlocks_an_account_from_the_admin(client, athlete, superuser_client, settings):
    fail_logins(client, "alex", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="alex")
    superuser_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    response = client.post(reverse("login"), {"username": "alex", "password": PASSWORD})
    assert response.status_code == 302


# Invite codes -----------------------------------------------------------------


def test_invite_guessing_stops_after_the_limit(athlete_client, coach, settings):
    invite = CoachInvite.objects.create(coach=coach)
    for _ in range(settings.INVITE_CODE_FAILURE_LIMIT):
        response = athlete_client.post(reverse("athletes:join"), {"code": "NOSUCH99"})
        assert "not valid or has expired" in response.content.decode()
    response = athlete_client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    assert response.status_code == 429
    assert f"wait {settings.INVITE_CODE_WINDOW_MINUTES} minutes" in response.content.decode()
    assert not CoachLink.objects.exists()


def test_a_few_wrong_codes_still_let_the_right_one_in(athlete_client, coach, settings):
    invite = CoachInvite.objects.create(coach=coach)
    for _ in range(settings.INVITE_CODE_FAILURE_LIMIT - 1):
        athlete_client.post(reverse("athletes:join"), {"code": "NOSUCH99"})
    athlete_client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    assert CoachLink.objects.filter(coach=coach).exists()


def test_one_athletes_wrong_codes_do_not_block_another(client, athlete, other_athlete, coach, settings):
    client.force_login(athlete)
    for _ in range(settings.INVITE_CODE_FAILURE_LIMIT):
        client.post(reverse("athletes:join"), {"code": "NOSUCH99"})
    other = Client()
    other.force_login(other_athlete)
    invite = CoachInvite.objects.create(coach=coach)
    other.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    assert CoachLink.objects.filter(athlete=other_athlete).exists()


def test_the_wrong_code_count_is_kept_in_the_database_every_worker_shares(athlete_client, athlete, settings):
    for _ in range(settings.INVITE_CODE_FAILURE_LIMIT):
        athlete_client.post(reverse("athletes:join"), {"code": "NOSUCH99"})
    # Another gunicorn worker has its own memory, its own cache objects, and the same database.
    caches["default"].clear()
    another_workers_cache = DatabaseCache(settings.CACHES["throttle"]["LOCATION"], {})
    failures, _ = another_workers_cache.get(security._invite_key(athlete))
    assert failures == settings.INVITE_CODE_FAILURE_LIMIT
    assert athlete_client.get(reverse("athletes:join")).status_code == 429


def test_after_the_window_the_athlete_may_try_again(athlete_client, coach, settings):
    for _ in range(settings.INVITE_CODE_FAILURE_LIMIT):
        athlete_client.post(reverse("athletes:join"), {"code": "NOSUCH99"})
    table = connection.ops.quote_name(settings.CACHES["throttle"]["LOCATION"])
    with connection.cursor() as cursor:  # the window is over
        cursor.execute(f"UPDATE {table} SET expires = %s", [timezone.now() - timezone.timedelta(seconds=1)])
    invite = CoachInvite.objects.create(coach=coach)
    athlete_client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    assert CoachLink.objects.filter(coach=coach).exists()


# Sessions and passwords -------------------------------------------------------


def test_a_session_lasts_the_idle_limit(athlete_client, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert athlete_client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60


def test_an_idle_session_is_logged_out(athlete_client):
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(minutes=1))
    response = athlete_client.get(reverse("athletes:episode-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_using_the_site_pushes_the_end_of_the_session_back(athlete_client):
    session = athlete_client.session
    session["active_at"] = 0  # last seen long ago, but the session itself is still alive
    session.save()
    soon = timezone.now() + timezone.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    assert athlete_client.get(reverse("athletes:episode-list")).status_code == 200
    assert Session.objects.get().expire_date > soon


def test_changing_the_password_logs_out_every_other_session(athlete, client):
    phone = Client()
    phone.force_login(athlete)
    client.force_login(athlete)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("athletes:episode-list")).status_code == 200
    assert phone.get(reverse("athletes:episode-list")).status_code == 302


def test_a_password_needs_twelve_characters(athlete_client):
    response = athlete_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "tempo-33-cx", "new_password2": "tempo-33-cx"},
    )
    assert "at least 12 characters" in response.content.decode()


# Headers ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["athletes:episode-list", "athletes:insights", "athletes:routine", "profile"])
def test_signed_in_pages_are_never_cached(athlete_client, name):
    response = athlete_client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_the_coachs_view_of_an_athlete_is_never_cached(coach_client, coach, athlete):
    CoachLink.objects.create(coach=coach, athlete=athlete)
    response = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_still_cache(client, athlete, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(athlete)
    response = client.get("/static/css/cramps.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_switch_off_device_features(client):
    policy = client.get(reverse("home")).headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_the_content_security_policy_is_the_strict_one(client):
    policy = client.get(reverse("home")).headers["Content-Security-Policy"]
    directives = {part.strip() for part in policy.split(";")}
    assert {
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    } <= directives


# The security log ---------------------------------------------------------------


def security_lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "cramps.security"]


def test_the_log_records_a_login_and_a_failed_one(client, athlete, caplog):
    caplog.set_level(logging.INFO, logger="cramps.security")
    client.post(reverse("login"), {"username": "alex", "password": "wrong-guess-123"})
    client.post(reverse("login"), {"username": "alex", "password": PASSWORD})
    lines = security_lines(caplog)
    assert any(line.startswith("login-failed user=alex") for line in lines)
    assert any(line.startswith("login user=alex") for line in lines)
    assert not any(PASSWORD in line or "wrong-guess" in line for line in lines)
    assert not any(client.session.session_key in line for line in lines)


def test_the_log_records_a_lockout(client, athlete, caplog, settings):
    caplog.set_level(logging.INFO, logger="cramps.security")
    fail_logins(client, "alex", settings.AXES_FAILURE_LIMIT)
    assert any(line.startswith("lockout user=alex") for line in security_lines(caplog))


def test_the_log_records_a_coach_refused_an_athlete(coach_client, athlete, caplog):
    caplog.set_level(logging.INFO, logger="cramps.security")
    coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    path = reverse("athletes:coach-athlete", args=[athlete.pk])
    assert f"denied user=casey ip=127.0.0.1 path={path} status=404 method=GET" in security_lines(caplog)


def test_the_log_records_a_coach_reading_an_athlete(coach_client, coach, athlete, caplog):
    CoachLink.objects.create(coach=coach, athlete=athlete)
    caplog.set_level(logging.INFO, logger="cramps.security")
    coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    path = reverse("athletes:coach-athlete", args=[athlete.pk])
    line = f"coach-read-athlete user=casey ip=127.0.0.1 path={path} athlete={athlete.pk}"
    assert line in security_lines(caplog)
