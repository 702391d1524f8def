"""Deleting an account and everything of it, and confirming an email address."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.core.cache import caches
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..emails import queue_email, queue_written_email
from ..language import in_language_of
from ..models import (
    User,
)
from ..tasks import forget_tasks_of


@transaction.atomic
def delete_account(user):
    """Delete a member's account and everything that is theirs. A handful of queries, and a few more
    for each kind of row that goes with it.

    An athlete's profile (with its calendar address), episodes, check-ins, plans (with items,
    sessions and changes), coach links, report links, comment threads and flag acknowledgements go
    with them; a used invite code forgets who used it. A coach's athletes keep everything: each link
    stays with its dates and, if active, ends now, and each plan the coach set stays, marked as set
    by a deleted coach (the on_delete of CoachLink.coach and RoutineAssignment.coach); the coach's
    invite codes go.

    Nothing left behind names them: the email tasks for them or about them, queued or finished,
    go (tasks.forget_tasks_of), and so do django-axes' records of their log-ins (kept by username);
    the admin's history keeps who changed what and when, but no longer the names of the rows that
    went. The security log (cramps.security) is written to the log handlers only, not the database.
    """
    forget_admin_names(user)
    forget_tasks_of(user.pk)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.get_username()).delete()
    user.delete()


def forget_admin_names(user):
    """Empty the name (object_repr: the row's str(), e.g. "Profile of alex") of each admin history entry
    about `user` or a row that goes with them. Who changed what, and when, stays. A query per kind of row."""
    collector = Collector(using=router.db_for_write(User))
    collector.collect([user])  # what user.delete() will delete
    going = [(model, {obj.pk for obj in objs}) for model, objs in collector.data.items()]
    going += [(rows.model, set(rows.values_list("pk", flat=True))) for rows in collector.fast_deletes]
    for model, pks in going:
        entries = LogEntry.objects.filter(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        )
        ids = {str(pk) for pk in pks}
        named = [entry for entry, object_id in entries.values_list("pk", "object_id") if object_id in ids]
        if named:
            LogEntry.objects.filter(pk__in=named).update(object_repr="")


SIGN_UP_NOTE_EVERY = 60 * 60  # seconds: at most one such email an hour, so a form cannot flood an inbox
EMAIL_CONFIRM_SALT = "cramps.confirm-email"
EMAIL_CONFIRM_DAYS = 3
CONFIRM_EMAIL_EVERY = 60  # seconds between two confirmation links to one address


def ask_to_confirm_email(user, address):
    """Start giving `user` the email address `address`: it becomes theirs when they open a link sent to it.

    The address is private, so what the member sees never depends on whether another account
    has it (sign-up and the profile say "we have sent a link" either way). A free address gets
    the link; a taken one gets no link, and its owner a note instead (see tell_owner_of_attempt).
    """
    owner = User.objects.filter(email__iexact=address).exclude(pk=user.pk).first()
    if owner is not None:
        tell_owner_of_attempt(owner)
        return
    # The throttle's table keeps its keys after they expire: a keyed hash of the address, not the address.
    throttled = salted_hmac(EMAIL_CONFIRM_SALT, address.lower()).hexdigest()
    if not caches["throttle"].add(f"confirm-email:{throttled}", True, CONFIRM_EMAIL_EVERY):
        return  # a link went to this address a moment ago: a form cannot flood an inbox
    # The link names the account's address as it is now, so once the address changes (by this
    # link or another) every older link stops working.
    claim = {"user": user.pk, "email": address, "was": user.email}
    token = signing.dumps(claim, salt=EMAIL_CONFIRM_SALT, compress=True)
    # They asked for it, so without a language of their own they get the one they asked in.
    with in_language_of(user, fallback=translation.get_language()):
        queue_written_email(
            recipient=user,
            subject=_("Cramps: confirm your email address"),
            body=_('Open this link to make %(address)s the email address of your Cramps account "%(username)s":')
            % {"address": address, "username": user.get_username()}
            + f"\n{settings.SITE_URL}{reverse('confirm-email', args=[token])}\n\n"
            + ngettext(
                "The link works for %(days)s day. Password resets and notifications go to this "
                "address once it is confirmed. If you did not ask for this, ignore this email.",
                "The link works for %(days)s days. Password resets and notifications go to this "
                "address once it is confirmed. If you did not ask for this, ignore this email.",
                EMAIL_CONFIRM_DAYS,
            )
            % {"days": EMAIL_CONFIRM_DAYS}
            + "\n",
            to=address,
        )


def confirm_email(token):
    """Give the account in a confirmation link its new address. Returns (user, address), or (None, None)
    for a link that is broken, expired, or whose address another account took meanwhile."""
    try:
        claim = signing.loads(token, salt=EMAIL_CONFIRM_SALT, max_age=timedelta(days=EMAIL_CONFIRM_DAYS))
    except signing.BadSignature:
        return None, None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=claim["user"], is_active=True).first()
        address = claim["email"]
        if user is None or user.email != claim.get("was"):
            return None, None
        if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
            return None, None
        if user.email != address:
            user.email = address
            try:
                with transaction.atomic():
                    user.save(update_fields=["email"])
            except IntegrityError:  # another account took it a moment ago
                return None, None
    return user, address


def tell_owner_of_attempt(owner):
    """Email an account's owner that someone tried to give their address to another account.

    Queued at once (nothing is saved), at most once an hour per account; the worker writes it
    (email_kinds.address_taken). A few queries (the throttle cache, the queue).
    """
    if not owner.email or not caches["throttle"].add(f"sign-up-attempt:{owner.pk}", True, SIGN_UP_NOTE_EVERY):
        return
    queue_email("address-taken", recipient=owner)
