"""Background work: email leaves the request and is sent by the task worker (`manage.py db_worker`)."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY_AFTER = timedelta(minutes=1)  # then 2, 4 and 8 minutes: about a quarter of an hour in all


def one_line(text):
    """`text` fit for an email header: every line break becomes a space, so no header can be injected."""
    return " ".join(str(text).splitlines()).strip()


def retry_delay(attempt):
    """How long to wait after try number `attempt` failed: doubling from FIRST_RETRY_AFTER."""
    return FIRST_RETRY_AFTER * 2 ** (attempt - 1)


@task()
def send_email(*, subject, body, to, attempt=1):
    """Send one plain-text email to one address.

    A failed try is logged with its error, queued again after a growing delay (up to
    MAX_ATTEMPTS tries in all) and re-raised, so the worker marks this try failed too.
    """
    try:
        send_mail(one_line(subject), body, None, [to], fail_silently=False)
    except Exception:
        if attempt < MAX_ATTEMPTS:
            delay = retry_delay(attempt)
            logger.warning(
                "Email try %d of %d failed; trying again in %s.", attempt, MAX_ATTEMPTS, delay, exc_info=True
            )
            again = send_email
            if send_email.get_backend().supports_defer:
                again = send_email.using(run_after=timezone.now() + delay)
            again.enqueue(subject=subject, body=body, to=to, attempt=attempt + 1)
        else:
            logger.error("Email failed %d times; giving up.", attempt, exc_info=True)
        raise
