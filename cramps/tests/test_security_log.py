"""The security log across a whole scenario: who did what, and never a secret or an athlete's words."""

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import CoachLink, CrampEpisode, User
from athletes.tests.factories import make_episode
from conftest import PASSWORD
from twofactor import devices as two_factor
from twofactor.testing import give_authenticator, next_code

pytestmark = pytest.mark.django_db

NOTE = "calf-knotted-after-the-derby-1187"
WRONG_PASSWORD = "wrong-guess-for-the-log-42"
WRONG_CODE = "ZZQX9931"


def log_in(username, password=PASSWORD):
    """The log-in form; then, for coaches and staff (who must), the code their phone shows."""
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    user = User.objects.get(username=username)
    if password == PASSWORD and two_factor.required_for(user):
        client.post(reverse("twofactor:verify"), {"code": next_code(give_authenticator(user))})
    return client


@pytest.fixture
def quick_hashes(settings):
    """A fast password hasher, so a dozen real log-ins take no time; it changes nothing the log sees."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scenario(quick_hashes, athlete, other_athlete, coach, other_coach, staff, settings, caplog):
    """Log-ins right and wrong, a lock-out, an athlete's note, coach reads, refusals; returns the session keys."""
    caplog.set_level(logging.INFO, logger="cramps.security")
    CoachLink.objects.create(coach=coach, athlete=athlete)
    make_episode(athlete, days_ago=2, setting="night", notes="an older note")

    log_in("alex", WRONG_PASSWORD)
    alex = log_in("alex")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    alex.post(
        reverse("athletes:episode-create"), {"occurred_at": now, "muscle": "calves", "severity": 6, "notes": NOTE}
    )
    alex.get(reverse("athletes:join-code", args=[WRONG_CODE]))
    alex.get(reverse("athletes:dashboard"))  # a coach's page

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("blair", WRONG_PASSWORD)

    casey = log_in("casey")
    casey.get(reverse("athletes:dashboard"))
    casey.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    casey.post(reverse("athletes:remove-athlete", args=[athlete.pk]))
    drew = log_in("drew")
    drew.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    sam = log_in("sam")
    sam.get(reverse("admin:athletes_crampepisode_changelist"))
    session_keys = [client.session.session_key for client in (alex, casey, drew, sam)]
    alex.post(reverse("logout"))
    return session_keys


def lines(caplog):
    return [record.getMessage() for record in caplog.get_records("setup") if record.name == "cramps.security"]


def test_the_log_tells_the_story(scenario, athlete, caplog):
    log = lines(caplog)
    coach_page = reverse("athletes:coach-athlete", args=[athlete.pk])
    expected = [
        "login-failed user=alex ip=127.0.0.1 path=/accounts/login/",
        "login user=alex ip=127.0.0.1 path=/accounts/login/",
        "invite-code-failed user=alex ip=127.0.0.1 path=/join/<str:code>/ failures=1",
        "denied user=alex ip=127.0.0.1 path=/coach/ status=404 method=GET reason=not-coach",
        "lockout user=blair ip=127.0.0.1 path=/accounts/login/",
        "coach-read-dashboard user=casey ip=127.0.0.1 path=/coach/ athletes=1",
        f"coach-read-athlete user=casey ip=127.0.0.1 path={coach_page} athlete={athlete.pk}",
        f"coach-change-athlete user=casey ip=127.0.0.1 path={coach_page}remove/ athlete={athlete.pk}",
        f"denied user=drew ip=127.0.0.1 path={coach_page} status=404 method=GET",
        "denied user=sam ip=127.0.0.1 path=/admin/athletes/crampepisode/ status=403 method=GET",
        "logout user=alex ip=127.0.0.1 path=/accounts/logout/",
    ]
    for line in expected:
        assert line in log, f"missing: {line}\nlog:\n" + "\n".join(log)


def test_the_log_holds_no_password_session_note_or_code(scenario, caplog):
    assert CrampEpisode.objects.filter(notes=NOTE).exists(), "the note was saved, so its absence means something"
    secrets = [PASSWORD, WRONG_PASSWORD, NOTE, "an older note", WRONG_CODE]
    assert all(scenario), "every client had a session"
    secrets += scenario
    text = "\n".join(lines(caplog))
    assert "login user=alex" in text
    for secret in secrets:
        assert secret not in text


def test_djangos_request_log_never_holds_a_live_share_token(client, caplog):
    from athletes.models import ReportShare
    from athletes.tests.factories import make_episode
    from conftest import make_user

    athlete = make_user("tokenholder")
    make_episode(athlete, setting="training")
    _, token = ReportShare.create_for(athlete, days=3)
    caplog.set_level(logging.INFO)
    assert client.post(reverse("athletes:shared-report", args=[token])).status_code == 405
    assert client.get(reverse("athletes:shared-report", args=[token + "x"])).status_code == 404
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("Method Not Allowed (POST): /shared/<str:token>/") for line in lines), lines
    assert not any(token in line for line in lines)


# Every handler masks secret paths, whichever logger writes the line ----------------------------

MARKER = "Zq8LiveTokenMarker31"


def secret_link_urls():
    """Every URL whose path carries a code or token, each with the marker as its secret."""
    return [
        reverse("athletes:shared-report", args=[MARKER]),
        reverse("athletes:shared-report-pdf", args=[MARKER]),
        reverse("athletes:calendar-feed", args=[MARKER]),
        reverse("athletes:reminder-unsubscribe", args=[MARKER]),
        reverse("athletes:join-code", args=[MARKER]),
        reverse("confirm-email", args=[MARKER]),
        reverse("password_reset_confirm", args=["MQ", MARKER]),
    ]


@pytest.fixture
def console_log():
    """What the project's own log handler writes (the one LOGGING configures), as text."""
    from cramps.log_paths import HideSecretPaths

    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, HideSecretPaths) for each in handler.filters)
    ]
    assert handlers, "the configured handler carries the secret-path filter"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def test_no_log_line_holds_the_secret_of_a_secret_link(console_log):
    """A forged POST (no CSRF token) and a GET of each secret link (none is live: 404s): the CSRF log and
    the request log write the path's pattern, never the token."""
    forger = Client(enforce_csrf_checks=True)
    for url in secret_link_urls():
        forger.post(url, {"anything": "1"})
        forger.get(url)  # a link that is not live: the request log names the path of the 404
    text = console_log.getvalue()
    assert "Forbidden (CSRF" in text, text  # the refusals were logged, so the check can fail
    assert "Forbidden (CSRF token missing.): /shared/<str:token>/" in text, text
    assert "Not Found: /calendar/<str:token>.ics" in text, text
    assert MARKER not in text, text
