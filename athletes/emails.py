"""Every email the app sends is queued once the current transaction commits, never sent in the request."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.template import loader

from .tasks import one_line, send_email


def queue_email(*, subject, body, to):
    """Queue one email for `to` now; its subject is made one line. One query with the database task backend."""
    send_email.enqueue(subject=one_line(subject), body=body, to=to)


def email_after_commit(*, subject, body, to):
    """Queue one email for `to` when the current transaction commits (at once outside one).

    A failure to queue it is logged and never breaks the request (`robust`): the data the
    request saved stays saved.
    """
    transaction.on_commit(lambda: queue_email(subject=subject, body=body, to=to), robust=True)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with its email queued like every other (it saves nothing, so at once).

    Its link starts with SITE_URL, never with the Host header of the request that asked for it.
    Like Django's, it answers the same whether or not an account uses the address.
    """

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        context = {**context, "site_url": settings.SITE_URL}
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        queue_email(subject=subject, body=body, to=to_email)
