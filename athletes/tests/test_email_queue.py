"""Email leaves the request: it is queued after commit, sent by the task worker, retried and logged."""

import logging
import re
from datetime import UTC, datetime, timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from athletes import email_kinds, tasks
from athletes.tasks import MAX_ATTEMPTS, send_email
from cramps.input import one_line
from library.tests.factories import make_exercise, make_strategy

from .coaching import assign, link
from .task_queue import run_worker

pytestmark = pytest.mark.django_db


def test_a_password_reset_is_queued_in_the_request_and_sent_by_the_worker(client, athlete, queue):
    response = client.post(reverse("password_reset"), {"email": "alex@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == "READY"
    run_worker()
    assert [m.to for m in mail.outbox] == [["alex@example.com"]]
    assert re.search(r"/accounts/reset/\S+", mail.outbox[0].body)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_plan_email_waits_for_the_commit_and_then_for_the_worker(
    coach, athlete, queue, django_capture_on_commit_callbacks
):
    link(coach, athlete)
    with django_capture_on_commit_callbacks() as callbacks:
        assign(coach, athlete, [make_exercise("slow-calf-raises")])
    assert not DBTaskResult.objects.exists()  # nothing is queued before the plan is saved
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    run_worker()
    assert mail.outbox[0].subject == "Cramps: Casey gave you a routine"


def test_running_the_task_sends_one_email(athlete):
    send_email.call(user_id=athlete.pk, subject="Cramps: hello", body="Body", to="alex@example.com")
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [("Cramps: hello", "Body", ["alex@example.com"])]


def test_a_failed_try_is_logged_and_queued_again_later(athlete, queue, caplog):
    tried_at = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    send_email.enqueue(user_id=athlete.pk, subject="Cramps: hello", body="Body", to="alex@example.com")
    with (
        mock.patch.object(tasks, "send_mail", side_effect=SMTPException("server down")),
        mock.patch.object(tasks.timezone, "now", return_value=tried_at),
        caplog.at_level(logging.WARNING, logger="athletes.tasks"),
    ):
        run_worker()
    failed, again = sorted(
        DBTaskResult.objects.all(), key=lambda result: result.args_kwargs["kwargs"].get("attempt", 1)
    )
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "smtplib.SMTPException"
    assert again.status == "READY"
    assert again.args_kwargs["kwargs"]["attempt"] == 2
    assert again.run_after == tried_at + timedelta(minutes=1)
    assert "Email try 1 of 5 failed; trying again in 0:01:00." in caplog.text
    assert "server down" in caplog.text


def test_retries_wait_longer_each_time():
    assert [tasks.retry_delay(attempt) for attempt in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]


def test_it_gives_up_after_the_last_try_and_logs_an_error(athlete, caplog):
    with (
        mock.patch.object(tasks, "send_mail", side_effect=SMTPException("server down")) as send_mail,
        caplog.at_level(logging.WARNING, logger="athletes.tasks"),
    ):
        send_email.enqueue(user_id=athlete.pk, subject="Cramps: hello", body="Body", to="alex@example.com")
    assert send_mail.call_count == MAX_ATTEMPTS
    assert f"Email failed {MAX_ATTEMPTS} times; giving up." in caplog.text


def test_a_broken_mail_server_never_breaks_the_request(client, athlete, caplog):
    with (
        mock.patch.object(tasks, "send_mail", side_effect=SMTPException("server down")),
        caplog.at_level(logging.WARNING),
    ):
        response = client.post(reverse("password_reset"), {"email": "alex@example.com"})
    assert response.status_code == 302
    assert "giving up" in caplog.text


def test_a_line_break_in_a_name_cannot_add_an_email_header(coach, athlete, django_capture_on_commit_callbacks):
    coach.first_name = "Casey\r\nBcc: everyone@example.com"
    coach.save()
    link(coach, athlete)
    with django_capture_on_commit_callbacks(execute=True):
        assign(coach, athlete, [make_exercise("slow-calf-raises")])
    [email] = mail.outbox
    assert email.subject == "Cramps: Casey Bcc: everyone@example.com gave you a routine"
    assert email.bcc == []
    assert "Bcc" not in str(email.message()).split("\n\n")[0].replace(email.subject, "")


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\r\nb", "a\u2028b", "a\x85b"])
def test_one_line_turns_every_line_break_into_a_space(text):
    assert one_line(text) == "a b"


def test_the_plan_email_speaks_of_sessions_only_for_a_plan_with_exercises(coach, athlete):
    link(coach, athlete)
    with_exercise = assign(coach, athlete, [make_exercise()], sessions_per_week=3, weeks=4)
    body = email_kinds.plan_assigned(athlete, plan=with_exercise.pk)[1]
    assert "3 sessions a week for 4 weeks" in body
    habits_only = assign(coach, athlete, [], habits=[make_strategy()], weeks=4)
    body = email_kinds.plan_assigned(athlete, plan=habits_only.pk)[1]
    assert "habits, counted by the day, for 4 weeks" in body
    assert "session" not in body
