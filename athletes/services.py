"""Writes that span several rows or must hold under concurrency, and the emails they send."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.core.cache import caches
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from library.models import PLAN_ITEM_FIELDS

from .emails import email_after_commit, queue_email, queue_written_email
from .insights import local_midnight, local_today, red_flag_reasons, zone_of
from .insights.flag_rules import EPISODE_FLAGS
from .language import in_language_of
from .models import (
    AssignedItem,
    CoachInvite,
    CoachLink,
    CrampEpisode,
    DailyCheckIn,
    FlagAcknowledgement,
    PlanChange,
    RoutineAssignment,
    RoutineSession,
    User,
)
from .tasks import forget_tasks_of


@transaction.atomic
def log_quick_episode(athlete, *, muscle, severity, idempotency_key, side="", occurred_at=None):
    """Save an episode from muscle and severity (and the side and time, if given: else now), once per key.

    Returns (episode, created). A second call with the same key, a double tap
    or a re-sent form, returns the first episode; the unique constraint on
    (athlete, idempotency_key) makes that hold for concurrent requests too.
    Two queries at most.
    """
    return CrampEpisode.objects.get_or_create(
        athlete=athlete,
        idempotency_key=idempotency_key,
        defaults={"muscle": muscle, "side": side, "severity": severity, "occurred_at": occurred_at or timezone.now()},
    )


def save_checkin(athlete, *, day, idempotency_key, **answers):
    """Save the athlete's check-in for `day` (their local date): one per day, once per key.

    Returns (check-in, saved). The same key sent again, a double tap or a form re-sent after going
    offline, returns the check-in it saved without changing anything (saved is False). A new key
    for a day that already has a check-in updates it. The unique constraints on (athlete, day) and
    (athlete, idempotency_key) hold for concurrent requests too: the loser reads the winner's row.
    Two or three queries.
    """
    try:
        with transaction.atomic():
            replayed = DailyCheckIn.objects.filter(athlete=athlete, idempotency_key=idempotency_key).first()
            if replayed is not None:
                return replayed, False
            checkin, _ = DailyCheckIn.objects.update_or_create(
                athlete=athlete, day=day, defaults={**answers, "idempotency_key": idempotency_key}
            )
            return checkin, True
    except IntegrityError:  # the same key or day saved a moment ago by a concurrent request
        replayed = DailyCheckIn.objects.filter(athlete=athlete, idempotency_key=idempotency_key).first()
        if replayed is not None:
            return replayed, False
        return save_checkin(athlete, day=day, idempotency_key=idempotency_key, **answers)


def episode_flags(episode):
    """The red flags this one episode raises. No queries."""
    return red_flag_reasons([episode]).keys() & EPISODE_FLAGS


def notify_coaches_of_new_flags(episode, *, flags_before=frozenset()):
    """Email the athlete's coaches when a save raised a flag the episode did not have. One query.

    The email names the episode, not its signs: the worker writes it from the episode as it is then
    (email_kinds.warning_sign).
    """
    if not episode_flags(episode) - set(flags_before):
        return
    athlete = episode.athlete
    coaches = User.objects.filter(athlete_links__athlete=athlete, athlete_links__ended_at__isnull=True)
    for coach in coaches.exclude(email=""):
        email_after_commit("warning-sign", recipient=coach, about=athlete, episode=episode.pk)


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


@transaction.atomic
def accept_invite(athlete, invite):
    """Link the athlete to the invite's coach, using the code up. Returns (link, created), or None
    if the code was used, withdrawn or expired meanwhile, or either account may not take part (staff,
    a library editor: User.is_athlete, User.is_coach).

    An athlete whom the coach already coaches keeps the code unused. The code is taken by one
    conditional update, so of two athletes accepting it at once only one is linked. Three queries.
    """
    if not (athlete.is_athlete and invite.coach.is_coach):
        return None
    link = CoachLink.objects.active().filter(coach_id=invite.coach_id, athlete=athlete).first()
    if link is not None:
        return link, False
    now = timezone.now()
    taken = CoachInvite.objects.filter(pk=invite.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_by=athlete, used_at=now
    )
    if not taken:
        return None
    return CoachLink.objects.get_or_create(coach_id=invite.coach_id, athlete=athlete, ended_at=None)


def end_link(link):
    """Stop coaching: from now on the coach sees nothing of the athlete. One query."""
    CoachLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(ended_at=timezone.now())


def items_from_template(template):
    """The template's items as `assign_routine` takes them, exercises and habits alike. No queries if prefetched."""
    return [{name: getattr(item, name) for name in PLAN_ITEM_FIELDS} for item in template.items.all()]


@transaction.atomic
def assign_routine(
    *, coach, athlete, template, start_date, sessions_per_week, weeks, note, items, name=None, notify=True
):
    """Give the athlete a routine with its own copy of `items`, ending any active one.

    `coach` is None when athletes without a coach start a plan for themselves.

    `items` is a list of dicts, in order, each with either an exercise (and sets,
    reps, hold_seconds) or a strategy, that is a habit (and its dose), plus notes
    (see `items_from_template`). Runs in one transaction; the athlete row is locked so two coaches
    assigning at once cannot leave two active routines. Emails the athlete after
    commit (unless `notify` is off, or there is no coach).
    """
    User.objects.select_for_update().filter(pk=athlete.pk).first()
    # What is saved in words is written in the athlete's language: they read it.
    with in_language_of(athlete, fallback=translation.get_language() if coach is None else None):
        new_name = name or (template.name if template else _("Custom routine"))
        end_reason = (_("Replaced by %(plan)s.") % {"plan": new_name})[:300]
    replaced = RoutineAssignment.objects.filter(athlete=athlete, is_active=True).first()
    if replaced is not None:
        RoutineAssignment.objects.filter(pk=replaced.pk).update(
            is_active=False,
            ended_on=local_today(athlete),
            ended_by=coach or athlete,  # no coach: the athlete replaced their own plan
            end_reason=end_reason,
        )
    assignment = RoutineAssignment.objects.create(
        athlete=athlete,
        coach=coach,
        template=template,
        name=new_name,
        start_date=start_date,
        sessions_per_week=sessions_per_week,
        weeks=weeks,
        note=note,
    )
    # The items it begins with count from its first day, even when it is assigned a few days late.
    began = min(timezone.now(), local_midnight(assignment.start_date, zone_of(athlete)))
    AssignedItem.objects.bulk_create(
        AssignedItem(assignment=assignment, position=position, added_at=began, **item)
        for position, item in enumerate(items, start=1)
    )
    if notify and coach is not None and athlete.email:  # no coach: the athlete started it themselves
        own = {"replaced": replaced.pk} if replaced is not None and replaced.is_own else {}
        email_after_commit("plan-assigned", recipient=athlete, about=coach, plan=assignment.pk, **own)
    return assignment


@transaction.atomic
def end_assignment(assignment, *, by=None, reason=""):
    """End the routine on the athlete's local date, saying who ended it and why (the athlete reads it).

    One query (two if its athlete is not loaded).
    """
    RoutineAssignment.objects.filter(pk=assignment.pk, is_active=True).update(
        is_active=False, ended_on=local_today(assignment.athlete), ended_by=by, end_reason=reason
    )


def _item_key(item):
    """What an item is, whatever its dose: ('exercise', pk) or ('habit', pk)."""
    return ("habit", item["strategy"].pk) if item.get("strategy") else ("exercise", item["exercise"].pk)


def _dose(item):
    """The dose and notes of a row, blanks as None, to compare an old row with a new one."""
    return tuple(item.get(name) or None for name in ("sets", "reps", "hold_seconds", "dose", "notes"))


def _row_of(assigned_item):
    return {name: getattr(assigned_item, name) for name in PLAN_ITEM_FIELDS}


@transaction.atomic
def change_plan(assignment, *, coach, items, message="", **schedule):
    """Change an active plan's schedule and items; return the PlanChange, or None if nothing changed.

    `coach` is the coach who changes it, or None when athletes change a plan they started
    themselves (like `assign_routine`); the change is recorded as theirs and nobody is emailed.
    `schedule` holds the new name, sessions_per_week, weeks and note; `items` are rows as
    `assign_routine` takes them. An item kept with the same dose stays the same row; an item
    dropped, or given a new dose, is marked removed (never deleted), and a new dose is a new row
    added now: past sessions keep pointing at exactly what was ticked then, and a past day offers
    what was current that day. A new sessions a week is recorded with the old one, so the days
    before keep their rate. Records the change in words for the athlete and, for a coach's
    change, emails them after commit. A handful of queries, whatever the plan's history.
    """
    # Raises RoutineAssignment.DoesNotExist if the plan ended meanwhile.
    assignment = (
        RoutineAssignment.objects.select_for_update().select_related("athlete").get(pk=assignment.pk, is_active=True)
    )
    if coach is None and assignment.coach_id is not None:
        raise ValueError("A coach's plan is changed by a coach; athletes change only the plans they started.")
    # The change is recorded in words in the athlete's language (they read it), and so is their email.
    with in_language_of(assignment.athlete, fallback=translation.get_language() if coach is None else None):
        return _change_plan(assignment, coach=coach, items=items, message=message, **schedule)


def _change_plan(assignment, *, coach, items, message, **schedule):
    rate = {}
    if assignment.sessions_per_week != schedule["sessions_per_week"]:
        rate = {"sessions_per_week_before": assignment.sessions_per_week}
        rate["sessions_per_week_after"] = schedule["sessions_per_week"]
    lines = []
    labels = (("name", _("name")), ("sessions_per_week", _("sessions a week")), ("weeks", _("weeks")))
    for field, label in labels:
        old, new = getattr(assignment, field), schedule[field]
        if old != new:
            setattr(assignment, field, new)
            ends = (
                " " + _("(now ends %(day)s)") % {"day": date_format(assignment.end_date, "j M")}
                if field == "weeks"
                else ""
            )
            lines.append(f"{label} {old} → {new}{ends}")
    if assignment.note != schedule["note"]:
        assignment.note = schedule["note"]
        lines.append(_("new note") if assignment.note else _("note removed"))

    current = list(assignment.items.filter(removed_at__isnull=True).select_related("exercise", "strategy"))
    unmatched = list(current)
    now = timezone.now()
    kept, added = [], []
    for row in items:
        same_item = [old for old in unmatched if _item_key(_row_of(old)) == _item_key(row)]
        same_dose = [old for old in same_item if _dose(_row_of(old)) == _dose(row)]
        if same_dose:
            unmatched.remove(same_dose[0])
            kept.append(same_dose[0])
            continue
        new = AssignedItem(assignment=assignment, added_at=now, **row)
        kept.append(new)
        added.append(new)
        if same_item:
            old = same_item[0]
            unmatched.remove(old)
            old.removed_at = now
            if old.dose_in_words == new.dose_in_words:
                lines.append(_("%(item)s: new notes") % {"item": old.name})
            else:
                lines.append(f"{old.name}: {old.dose_in_words} → {new.dose_in_words}")
        else:
            lines.append(_("added %(item)s (%(dose)s)") % {"item": new.name, "dose": new.dose_in_words})
    for old in unmatched:
        old.removed_at = now
        lines.append(_("removed %(item)s") % {"item": old.name})
    order_before = [item.pk for item in current if item in kept]
    order_after = [item.pk for item in kept if item.pk]
    if not lines and order_before != order_after:
        lines.append(_("new order"))
    if not lines:
        return None

    assignment.save(update_fields=["name", "sessions_per_week", "weeks", "note"])
    retired = [item for item in current if item.removed_at]
    AssignedItem.objects.bulk_update(retired, ["removed_at"])
    # New positions after every existing one, so the unique (assignment, position) never clashes.
    top = max((item.position for item in assignment.items.all()), default=0)
    for position, item in enumerate(kept, start=top + 1):
        item.position = position
    AssignedItem.objects.bulk_update([item for item in kept if item.pk], ["position"])
    AssignedItem.objects.bulk_create(added)
    athlete = assignment.athlete
    change = PlanChange.objects.create(
        assignment=assignment,
        changed_by=coach or athlete,
        changed_at=now,
        summary="; ".join(lines),
        message=message,
        **rate,
    )
    if coach is not None and athlete.email:  # no coach: athletes changed it themselves
        email_after_commit("plan-changed", recipient=athlete, about=coach, change=change.pk)
    return change


@transaction.atomic
def record_session(assignment, *, performed_on, completed_items, helped, discomfort, discomfort_note):
    """Save (or update) the day's session for an assignment. Returns the session.

    A session first saved after its day (in the athlete's zone) is marked as logged late;
    updating it later keeps how it was first logged.
    """
    session, _created = RoutineSession.objects.update_or_create(
        assignment=assignment,
        performed_on=performed_on,
        defaults={"helped": helped, "discomfort": discomfort, "discomfort_note": discomfort_note},
        create_defaults={
            "helped": helped,
            "discomfort": discomfort,
            "discomfort_note": discomfort_note,
            "logged_late": performed_on < local_today(assignment.athlete),
        },
    )
    session.completed_items.set(completed_items)
    return session


def acknowledge_flag(athlete, slug, *, by):
    """Record that `by` (the athlete or their coach) has seen the athlete's red flag `slug`, now.

    Each acknowledgement is kept, so the history says who saw the flag and when; the latest
    counts. The flag comes back when an episode logged after it raises the flag. One query.
    """
    return FlagAcknowledgement.objects.create(athlete=athlete, slug=slug, acknowledged_by=by)
