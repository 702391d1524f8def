"""Background work: email leaves the request and is sent by the task worker (`manage.py db_worker`).

A stored task names the members it concerns in two arguments, so that deleting an account finds
every task of theirs with one query (forget_tasks_of): `user_id`, the member it is for, and
`about_user_id`, another member it is about (a coach's athlete, an athlete's coach), if any.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cramps.input import one_line

from .email_kinds import write
from .models import User

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
def send_email(*, user_id, kind="", ids=None, about_user_id=None, subject="", body="", to="", attempt=1):
    """Send one email to the member `user_id`.

    Most emails carry only what to say: a `kind` and the `ids` of what it is about; the words are
    written now, from the database as it is (athletes/email_kinds.py), so a stored task holds no
    health notes. The few that must carry their words (a one-time link, an address that is not yet
    the account's) carry `subject`, `body` and `to`. If the member, or what the email is about, is
    gone, nothing is sent, and the log says so without naming anyone.

    A failed try is logged with its error, queued again after a growing delay (up to
    MAX_ATTEMPTS tries in all) and re-raised, so the worker marks this try failed too.
    """
    email = write(user_id=user_id, kind=kind, ids=ids or {}, subject=subject, body=body, to=to)
    if email is None:
        logger.warning("Nothing sent: the %s email's recipient, or what it is about, is gone.", kind or "one-time")
        return
    try:
        _deliver(*email)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.error("Email failed %d times; giving up.", attempt, exc_info=True)
        elif not User.objects.filter(pk=user_id).exists():  # the account was deleted while this try ran
            logger.warning("Email try %d failed and its recipient is gone; not trying again.", attempt, exc_info=True)
        else:
            delay = retry_delay(attempt)
            logger.warning(
                "Email try %d of %d failed; trying again in %s.", attempt, MAX_ATTEMPTS, delay, exc_info=True
            )
            again = send_email
            if send_email.get_backend().supports_defer:
                again = send_email.using(run_after=timezone.now() + delay)
            again.enqueue(
                user_id=user_id,
                kind=kind,
                ids=ids,
                about_user_id=about_user_id,
                subject=subject,
                body=body,
                to=to,
                attempt=attempt + 1,
            )
        raise


# What is kept of finished tasks ----------------------------------------------------------------------


def stored_tasks():
    """The tasks the database backend stores (all of them, whichever backend runs tasks now)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.all()


def forget_tasks_of(user_id):
    """Delete every stored task for or about the member `user_id`, queued or finished. Two queries.

    A task the worker is running keeps its row (the worker writes the result to it) but loses its
    arguments; if that try fails, it is not tried again (send_email finds the member gone).
    """
    theirs = stored_tasks().filter(
        Q(args_kwargs__kwargs__user_id=user_id) | Q(args_kwargs__kwargs__about_user_id=user_id)
    )
    theirs.exclude(status="RUNNING").delete()
    theirs.filter(status="RUNNING").update(args_kwargs={"args": [], "kwargs": {}})


def prune_task_results(*, now=None):
    """Delete the tasks that finished (successfully or not) more than TASK_RESULT_DAYS ago. One query.

    As django-tasks-db's `prune_db_task_results --min-age-days` does, for every queue; the reminder
    passes run it, so the worker keeps no email, and no error about one, for longer than that.
    """
    before = (now or timezone.now()) - timedelta(days=settings.TASK_RESULT_DAYS)
    return stored_tasks().finished().filter(finished_at__lt=before).delete()[0]
