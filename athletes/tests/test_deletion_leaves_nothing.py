"""A deleted account leaves nothing behind that names the person, and finished tasks are not kept for ever.

Email tasks carry whom they are for and what about by id; the worker writes the words when it sends
them, so a stored task holds no health notes, and an email whose recipient or subject is gone sends nothing.
"""

import importlib
import io
import logging
import re
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from athletes import services, tasks
from athletes.comments import post_comment
from athletes.emails import queue_email
from athletes.models import CoachLink, ReportShare, User
from athletes.reminders import queue_pass, send_due_reminders
from athletes.tasks import send_email
from conftest import PASSWORD
from library.tests.factories import make_exercise

from .coaching import assign, link
from .factories import make_episode
from .task_queue import run_worker

pytestmark = pytest.mark.django_db

ADDRESS = "marker-person@example.com"
USERNAME = "quillonrask"
FIRST_NAME = "Quillon"
MARKER = "zq-7731-swollen-hot-left-calf"  # in every note, comment, plan note and label they wrote

SIGN_UP = {
    "username": USERNAME,
    "first_name": FIRST_NAME,
    "email": ADDRESS,
    "role": "athlete",
    "athlete_type": "endurance",
    "time_zone": "UTC",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def everything_stored():
    """The whole database as text: dumpdata of every app (the task results of django_tasks_db too), and
    every row of every table read with plain SQL, for tables no model describes (the throttle cache)."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    text = [out.getvalue()]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(text).lower()


@pytest.fixture(params=["immediate", "database"])
def backend(request, settings):
    """Each test runs with the tests' immediate backend and with the production one (tasks stored)."""
    if request.param == "database":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return request.param


def test_a_deleted_athlete_leaves_nothing_behind(
    client, coach, other_athlete, backend, django_capture_on_commit_callbacks
):
    def work():
        """What the worker would do now; the immediate backend sent everything already."""
        if backend == "database":
            run_worker()

    # They sign up (a link to confirm the address goes to it), confirm, and are linked to Casey.
    client.post(reverse("signup"), SIGN_UP)
    work()
    client.post(re.search(r"/accounts/email/confirm/\S+/", mail.outbox[-1].body).group(0))
    athlete = User.objects.get(username=USERNAME, email=ADDRESS)
    link(coach, athlete)
    link(coach, other_athlete)

    # A cramp with a warning sign: Casey is told. Casey sets a plan and changes it; both comment.
    with django_capture_on_commit_callbacks(execute=True):
        episode = make_episode(athlete, side="left", leg_swelling=True, notes=f"Left calf {MARKER}")
        services.notify_coaches_of_new_flags(episode)
        plan = assign(coach, athlete, [make_exercise("calf-raises")])
        plan.note = f"Note for you: {MARKER}"
        plan.save()
        services.change_plan(
            plan,
            coach=coach,
            items=[{"exercise": plan.items.get().exercise, "sets": 3, "reps": 20}],
            message=f"Because of {MARKER}",
            name=plan.name,
            sessions_per_week=4,
            weeks=plan.weeks,
            note=plan.note,
        )
        post_comment(episode, author=athlete, text=f"It was {MARKER}")
        post_comment(episode, author=coach, text="See someone about the swelling, please.")
        # Blair's comment tells Casey too: that email is Blair's and Casey's, and stays.
        post_comment(make_episode(other_athlete), author=other_athlete, text="Fine today.")
        ReportShare.create_for(athlete, days=7, label=f"Physio {MARKER}")
    work()

    # A password reset whose first try fails (the error names the address), and a reminder, still waiting.
    with mock.patch.object(tasks, "send_mail", side_effect=SMTPException(f"550 {ADDRESS} refused")):
        client.post(reverse("password_reset"), {"email": ADDRESS})
        work()
    profile = athlete.athlete_profile
    profile.checkin_reminder, profile.checkin_reminder_time = True, timezone.now().time()
    profile.save()
    assert send_due_reminders() == 1

    sent = " ".join(message.subject for message in mail.outbox)
    for subject in ("logged a warning sign", "gave you a routine", "changed your plan", "comment from Casey"):
        assert subject in sent
    before = everything_stored()
    for needle in (ADDRESS, MARKER, USERNAME, FIRST_NAME):
        assert needle.lower() in before, needle  # the search can see each one
    if backend == "database":
        statuses = set(DBTaskResult.objects.values_list("status", flat=True))
        assert statuses == {"SUCCESSFUL", "FAILED", "READY"}
        assert ADDRESS in DBTaskResult.objects.get(status="FAILED").traceback
        # What they wrote is in no task: the emails about it name it by id.
        assert MARKER not in str(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))

    response = client.post(reverse("account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(username=USERNAME).exists()
    after = everything_stored()
    for needle in (ADDRESS, MARKER, USERNAME, FIRST_NAME):
        assert needle.lower() not in after, needle
    assert User.objects.filter(pk=coach.pk).exists()
    if backend == "database":
        # Blair's email to Casey is not theirs: it stays.
        assert DBTaskResult.objects.filter(args_kwargs__kwargs__about_user_id=other_athlete.pk).count() == 1


# Sending: what is gone sends nothing ---------------------------------------------------------------


def test_an_email_whose_recipient_or_subject_is_gone_sends_nothing(
    athlete, coach, queue, caplog, django_capture_on_commit_callbacks
):
    link(coach, athlete)
    episode = make_episode(athlete, side="left", leg_swelling=True, notes=MARKER)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_coaches_of_new_flags(episode)  # to Casey, about the episode
    send_email.enqueue(user_id=athlete.pk, subject="Cramps: reset", body=f"Link {MARKER}", to=athlete.email)
    queue_email("address-taken", recipient=athlete)
    episode.delete()  # Casey is still there; what the email is about is not
    User.objects.filter(pk=athlete.pk).delete()  # not through delete_account, so the tasks stay

    with caplog.at_level(logging.INFO, logger="athletes.tasks"):
        run_worker()

    assert mail.outbox == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    said = [record.getMessage() for record in caplog.records if record.name == "athletes.tasks"]
    assert said == [
        "Nothing sent: the warning-sign email's recipient, or what it is about, is gone.",
        "Nothing sent: the one-time email's recipient, or what it is about, is gone.",
        "Nothing sent: the address-taken email's recipient, or what it is about, is gone.",
    ]
    assert not any(str(pk) in line for line in said for pk in (athlete.pk, coach.pk, episode.pk))


def test_a_coach_no_longer_linked_hears_nothing_of_the_athlete(
    athlete, coach, queue, django_capture_on_commit_callbacks
):
    link(coach, athlete)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_coaches_of_new_flags(make_episode(athlete, numbness=True))
    services.end_link(CoachLink.objects.get())
    run_worker()
    assert mail.outbox == []


def test_the_email_is_written_when_it_is_sent_in_the_recipients_language(
    athlete, coach, queue, django_capture_on_commit_callbacks
):
    link(coach, athlete)
    coach.language = "es"
    coach.save()
    episode = make_episode(athlete, numbness=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_coaches_of_new_flags(episode)
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {
        "user_id": coach.pk,
        "kind": "warning-sign",
        "ids": {"episode": episode.pk},
        "about_user_id": athlete.pk,
    }
    run_worker()
    (email,) = mail.outbox
    assert email.to == [coach.email]
    assert "ha registrado una señal de alarma" in email.subject


# Deleting: every task of theirs, wherever the deletion starts --------------------------------------


def test_a_task_running_when_its_account_goes_keeps_its_row_but_not_its_arguments(athlete, queue):
    send_email.enqueue(user_id=athlete.pk, subject="Cramps: reset", body="A link", to=athlete.email)
    DBTaskResult.objects.update(status="RUNNING")  # the worker holds it; it writes the result to this row
    services.delete_account(athlete)
    (row,) = DBTaskResult.objects.all()
    assert row.args_kwargs == {"args": [], "kwargs": {}}


def test_an_account_deleted_in_the_admin_goes_with_its_emails_and_its_name_in_the_history(
    superuser_client, athlete, queue
):
    queue_email("address-taken", recipient=athlete)
    response = superuser_client.post(reverse("admin:athletes_user_delete", args=[athlete.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=athlete.pk).exists()
    assert not DBTaskResult.objects.exists()
    (entry,) = LogEntry.objects.all()  # who deleted an account, and when, stays; whose it was does not
    assert (entry.action_flag, entry.object_id, entry.object_repr) == (DELETION, str(athlete.pk), "")


# Keeping: finished tasks go after TASK_RESULT_DAYS ------------------------------------------------


def test_the_reminder_passes_prune_finished_tasks_after_task_result_days(athlete, queue, settings):
    settings.TASK_RESULT_DAYS = 7
    for _ in range(5):
        queue_email("address-taken", recipient=athlete)
    run_worker()
    old_ok, old_failed, new_ok, new_failed, waiting = DBTaskResult.objects.order_by("enqueued_at", "id")
    now = timezone.now()
    for row, status, days in (
        (old_ok, "SUCCESSFUL", 7.1),
        (old_failed, "FAILED", 7.1),
        (new_ok, "SUCCESSFUL", 6.9),
        (new_failed, "FAILED", 6.9),
    ):
        DBTaskResult.objects.filter(pk=row.pk).update(status=status, finished_at=now - timedelta(days=days))
    # Queued long ago and not run yet: waiting work is never pruned.
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        status="READY", finished_at=None, run_after=now + timedelta(days=1)
    )
    DBTaskResult.objects.update(enqueued_at=now - timedelta(days=30))

    queue_pass(after=timedelta(0))
    run_worker()

    emails = DBTaskResult.objects.filter(task_path=send_email.module_path)
    assert set(emails.values_list("pk", flat=True)) == {new_ok.pk, new_failed.pk, waiting.pk}


def test_emails_queued_before_tasks_carried_ids_are_forgotten_by_the_migration(settings, athlete):
    """Such a task holds its words and no member id, so a deletion could not find it: the migration drops it."""
    from django.apps import apps

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = send_email.enqueue(subject="Cramps: Alex logged a warning sign", body="swelling of the left leg", to="c@x.io")
    new = send_email.enqueue(user_id=athlete.pk, kind="reminder")
    passes = queue_pass(after=timedelta(0))
    forget = importlib.import_module("athletes.migrations.0024_forget_emails_written_before_ids")

    forget.forget_emails_without_ids(apps, None)

    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert str(old.id) not in {str(pk) for pk in kept}
    assert {str(new.id), str(passes.id)} <= {str(pk) for pk in kept}
