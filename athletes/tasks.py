"""Background work: email leaves the request and is sent by the task worker (`manage.py db_worker`)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, send_mail
from django.utils import timezone
from django_tasks import task

from cramps.input import one_line  # noqa: F401 (the email modules and tests take it from here)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY_AFTER = timedelta(minutes=1)  # then 2, 4 and 8 minutes: about a quarter of an hour in all


def retry_delay(attempt):
    """How long to wait after try number `attempt` failed: doubling from FIRST_RETRY_AFTER."""
    return FIRST_RETRY_AFTER * 2 ** (attempt - 1)


def _deliver(subject, body, to, headers):
    if not headers:
        send_mail(one_line(subject), body, None, [to], fail_silently=False)
        return
    # Names and values made one line, like the subject: nothing here can start a header of its own.
    extra = {one_line(name).replace(":", ""): one_line(value) for name, value in headers.items()}
    EmailMessage(one_line(subject), body, None, [to], headers=extra).send(fail_silently=False)


@task()
def send_email(*, subject, body, to, attempt=1, headers=None):
    """Send one plain-text email to one address, with extra `headers` ({name: value}) if given.

    A failed try is logged with its error, queued again after a growing delay (up to
    MAX_ATTEMPTS tries in all) and re-raised, so the worker marks this try failed too.
    """
    try:
        _deliver(subject, body, to, headers)
    except Exception:
        if attempt < MAX_ATTEMPTS:
            delay = retry_delay(attempt)
            logger.warning(
                "Email try %d of %d failed; trying again in %s.", attempt, MAX_ATTEMPTS, delay, exc_info=True
            )
            again = send_email
            if send_email.get_backend().supports_defer:
                again = send_email.using(run_after=timezone.now() + delay)
            again.enqueue(
                subject=subject, body=body, to=to, attempt=attempt + 1, **({"headers": headers} if headers else {})
            )
        else:
            logger.error("Email failed %d times; giving up.", attempt, exc_info=True)
        raise


# Reminders: a pass every minute, each pass queueing the next (django-tasks has no periodic tasks) --------

PASS_EVERY = timedelta(minutes=1)
KEEP_PASS_RESULTS = timedelta(days=1)  # finished passes are deleted after this, so 1,440 a day do not pile up


def waiting_passes():
    """The reminder passes queued and not started yet. Only the database backend can say: None otherwise."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(remind.get_backend(), DatabaseBackend):
        return None

    return DBTaskResult.objects.filter(task_path=remind.module_path, status="READY")


def queue_pass(*, after=PASS_EVERY):
    """Queue a reminder pass to run `after` from now, unless one is waiting already. Returns it, or None.

    Two queries. Only with the database backend, which can run a task later and list what waits: the
    immediate backend of the tests would run the pass at once, and that pass the next, for ever.
    """
    waiting = waiting_passes()
    if waiting is None or waiting.exists():
        return None
    return remind.using(run_after=timezone.now() + after).enqueue()


@task()
def remind():
    """One pass of reminders (athletes/reminders.py), after queueing the next one, so a pass that
    fails does not end the chain. Returns how many reminders it queued."""
    from .reminders import send_due_reminders  # it imports send_email from here

    queue_pass()
    waiting = waiting_passes()
    if waiting is not None:
        waiting.model.objects.filter(
            task_path=remind.module_path, status="SUCCESSFUL", finished_at__lt=timezone.now() - KEEP_PASS_RESULTS
        ).delete()
    return send_due_reminders()
