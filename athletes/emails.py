"""Every email the app sends is queued once the current transaction commits, never sent in the request."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.template import loader
from django.utils import translation

from .tasks import one_line, send_email


def language_of(user, *, fallback=None):
    """The language to write to `user` in: their choice, else `fallback`, else the site's default."""
    return user.language or fallback or settings.LANGUAGE_CODE


def in_language_of(user, *, fallback=None):
    """A context in which every string is written in `user`'s language (see language_of), for their email."""
    return translation.override(language_of(user, fallback=fallback))


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
        # They asked for it, so a member without a language of their own gets the one they asked in.
        with in_language_of(context["user"], fallback=translation.get_language()):
            subject = loader.render_to_string(subject_template_name, context)
            body = loader.render_to_string(email_template_name, context)
        queue_email(subject=subject, body=body, to=to_email)
