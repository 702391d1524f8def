"""Every email the app sends is queued once the current transaction commits, never sent in the request."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.template import loader
from django.utils import translation

from cramps import security
from cramps.input import one_line

from .language import in_language_of
from .tasks import send_email


def queue_email(kind, *, recipient, about=None, **ids):
    """Queue an email of `kind` for `recipient` now: who it is for, the member it is `about` (if
    another) and the `ids` of what it is about, never its words. The worker writes it when it sends
    it (athletes/email_kinds.py). One query with the database task backend."""
    send_email.enqueue(user_id=recipient.pk, kind=kind, ids=ids, about_user_id=about.pk if about else None)


def email_after_commit(kind, *, recipient, about=None, **ids):
    """Queue an email as queue_email does, when the current transaction commits (at once outside one).

    A failure to queue it is logged and never breaks the request (`robust`): the data the
    request saved stays saved.
    """
    transaction.on_commit(lambda: queue_email(kind, recipient=recipient, about=about, **ids), robust=True)


def queue_written_email(*, recipient, subject, body, to):
    """Queue an email that carries its words, for those that must: a one-time link (a password reset,
    an address to confirm), or an address `to` that is not yet `recipient`'s. Like every email task,
    it goes with `recipient`'s account (tasks.forget_tasks_of). One query with the database backend."""
    send_email.enqueue(user_id=recipient.pk, subject=one_line(subject), body=body, to=to)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with its email queued like every other (it saves nothing, so at once).

    Its link starts with SITE_URL, never with the Host header of the request that asked for it.
    Like Django's, it answers the same whether or not an account uses the address, and whether or not
    a limit stopped the email: PASSWORD_RESET_ADDRESS_LIMIT requests from one address and
    PASSWORD_RESET_ACCOUNT_LIMIT links to one account in the window (cramps.security.within_limit).
    """

    def save(self, *args, request=None, **kwargs):
        if security.address_within_limit(request, "password-reset", settings.PASSWORD_RESET_ADDRESS_LIMIT):
            super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        for user in super().get_users(email):
            if security.account_within_limit(user, "password-reset", settings.PASSWORD_RESET_ACCOUNT_LIMIT):
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        context = {**context, "site_url": settings.SITE_URL}
        # They asked for it, so a member without a language of their own gets the one they asked in.
        with in_language_of(context["user"], fallback=translation.get_language()):
            subject = loader.render_to_string(subject_template_name, context)
            body = loader.render_to_string(email_template_name, context)
        queue_written_email(recipient=context["user"], subject=subject, body=body, to=to_email)
