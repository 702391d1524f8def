"""The reminder passes in the task worker: each queues the next a minute on, and the starter never doubles them."""

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from athletes import tasks
from athletes.models import AthleteProfile, Reminder
from athletes.reminders import KEEP_PASS_RESULTS, PASS_EVERY, queue_pass, remind
from conftest import make_user

from .task_queue import run_worker

pytestmark = pytest.mark.django_db


def passes(status=None):
    rows = DBTaskResult.objects.filter(task_path=remind.module_path)
    return rows.filter(status=status) if status else rows


def test_the_starter_queues_one_pass_however_often_it_runs(queue):
    call_command("start_reminders", verbosity=0)
    call_command("start_reminders", verbosity=0)
    assert passes().count() == 1
    assert passes("READY").get().run_after <= timezone.now()


def test_a_pass_queues_the_next_a_minute_later_and_the_starter_then_adds_none(queue):
    call_command("start_reminders", verbosity=0)
    before = timezone.now()
    run_worker()
    assert passes("SUCCESSFUL").count() == 1
    waiting = passes("READY").get()
    assert before + PASS_EVERY <= waiting.run_after <= timezone.now() + PASS_EVERY
    call_command("start_reminders", verbosity=0)
    assert passes("READY").count() == 1


def test_a_pass_sends_the_reminders_due(queue):
    athlete = make_user("marta", time_zone="Europe/Madrid")
    AthleteProfile.objects.filter(user=athlete).update(checkin_reminder=True, checkin_reminder_time=time(9, 0))
    nine_thirty_in_madrid = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
    with mock.patch.object(tasks.timezone, "now", return_value=nine_thirty_in_madrid):
        queue_pass(after=timedelta(0))
        run_worker()  # the pass, then the email it queued
    assert list(Reminder.objects.values_list("athlete__username", "kind", "day")) == [
        ("marta", "checkin", date(2026, 11, 27))
    ]
    assert [message.to for message in mail.outbox] == [["marta@example.com"]]


def test_a_second_chain_ends_when_it_finds_a_pass_waiting(queue):
    queue_pass(after=timedelta(0))
    remind.using(run_after=timezone.now()).enqueue()  # a second chain, started by hand
    run_worker()
    assert passes("SUCCESSFUL").count() == 2
    assert passes("READY").count() == 1  # the first pass queued the next; the second found it waiting


def test_old_finished_passes_are_cleared_away(queue):
    queue_pass(after=timedelta(0))
    run_worker()
    passes("SUCCESSFUL").update(finished_at=timezone.now() - KEEP_PASS_RESULTS - timedelta(minutes=1))
    passes("READY").update(run_after=timezone.now())
    run_worker()
    assert passes("SUCCESSFUL").count() == 1  # the old one went; the one that just ran stays


def test_a_backend_that_runs_tasks_at_once_starts_no_chain(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert queue_pass(after=timedelta(0)) is None
    call_command("start_reminders", verbosity=0)
    assert not DBTaskResult.objects.exists()
