"""Reminders by email at the athlete's own hour: the daily check-in, and plan sessions on the days they are due.

An athlete turns each kind on in their profile (both are off until then) and picks its time in their
time zone. A pass (`send_due_reminders`) runs every minute in the task worker: the task
`athletes.tasks.remind` does one pass and queues the next one (`queue_pass`), and `manage.py
start_reminders` starts the chain if none is waiting. No cron is needed.

The rule for "due" (`due_day`): from the chosen time on the athlete's local day until LATE_LIMIT
after it, and never past the end of that day. A worker that was down longer sends nothing stale: the
reminder of a day it missed is skipped, not sent at night.

At most one reminder a day per kind: the Reminder row for (athlete, kind, local day) is written
before the email is queued, in one transaction with it, and the unique constraint turns away a
second pass or a second worker.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import in_language_of, queue_email
from .insights.days import in_zone_of, zone_of
from .insights.plans import rate_changes_by_assignment, session_days
from .models import AthleteProfile, DailyCheckIn, Reminder, RoutineAssignment, RoutineSession, User

logger = logging.getLogger(__name__)

LATE_LIMIT = timedelta(hours=3)  # how late a reminder may still go out after its time
UNSUBSCRIBE_SALT = "cramps.reminder-unsubscribe"

Kind = Reminder.Kind
# The profile switch that turns each kind on or off, and the profile field with its time of day.
SWITCH_OF = {Kind.CHECKIN: "checkin_reminder", Kind.SESSION: "session_reminder"}
TIME_OF = {Kind.CHECKIN: "checkin_reminder_time", Kind.SESSION: "plan_session_time"}
# A stop link works while the settings it was sent under hold (the kind's time of day), and for at
# most this long: a link in an old email, or one forwarded, stops working on its own.
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


def checkin_url():
    """The check-in page, for the email."""
    return settings.SITE_URL + reverse("athletes:checkin")


# What is due ------------------------------------------------------------------------------------


def due_day(chosen, *, zone, now):
    """The local date whose reminder at time of day `chosen` is due at `now` in `zone`, or None. No queries.

    Due from `chosen` on the local date of `now` until LATE_LIMIT after it; a time later than
    midnight belongs to the next day, so a reminder is never sent on the day after its own.
    """
    today = now.astimezone(zone).date()
    at = datetime.combine(today, chosen, tzinfo=zone)
    return today if at <= now < at + LATE_LIMIT else None


@dataclass(frozen=True)
class Due:
    athlete: User
    kind: str
    day: object  # the athlete's local date


def due_reminders(*, now):
    """The reminders due at `now`, none of them sent yet. At most six queries, however many athletes.

    The athletes who turned a kind on and have a confirmed address (an account's email is only set
    once confirmed); whose time has come (`due_day`); with no reminder of that kind yet that day; for
    the check-in, no check-in that day; for a plan session, an active plan that asks for a session
    that day (the days the calendar feed and adherence count), not yet done.
    """
    profiles = (
        AthleteProfile.objects.filter(Q(checkin_reminder=True) | Q(session_reminder=True))
        .filter(user__is_active=True, user__role=User.Role.ATHLETE)
        .exclude(user__email="")
        .select_related("user")
    )
    found = []
    for profile in profiles:
        zone = zone_of(profile.user)
        for kind, on, chosen in (
            (Kind.CHECKIN, profile.checkin_reminder, profile.checkin_reminder_time),
            (Kind.SESSION, profile.session_reminder, profile.plan_session_time),
        ):
            if on and (day := due_day(chosen, zone=zone, now=now)) is not None:
                found.append(Due(profile.user, kind, day))
    if not found:
        return []

    days = {due.day for due in found}
    sent = set(
        Reminder.objects.filter(athlete_id__in={due.athlete.pk for due in found}, day__in=days).values_list(
            "athlete_id", "kind", "day"
        )
    )
    found = [due for due in found if (due.athlete.pk, due.kind, due.day) not in sent]

    checkin_ids = {due.athlete.pk for due in found if due.kind == Kind.CHECKIN}
    checked_in = set()
    if checkin_ids:
        checked_in = set(
            DailyCheckIn.objects.filter(athlete_id__in=checkin_ids, day__in=days).values_list("athlete_id", "day")
        )

    session_ids = {due.athlete.pk for due in found if due.kind == Kind.SESSION}
    plans, done, changes = {}, set(), {}
    if session_ids:
        plans = {
            plan.athlete_id: plan
            for plan in RoutineAssignment.objects.filter(athlete_id__in=session_ids, is_active=True)
        }
    if plans:
        done = set(
            RoutineSession.objects.filter(
                assignment_id__in=[plan.pk for plan in plans.values()], performed_on__in=days
            ).values_list("assignment_id", "performed_on")
        )
        changes = rate_changes_by_assignment([plan.pk for plan in plans.values()])

    def still_due(due):
        if due.kind == Kind.CHECKIN:
            return (due.athlete.pk, due.day) not in checked_in
        plan = plans.get(due.athlete.pk)
        if plan is None or (plan.pk, due.day) in done:
            return False
        with in_zone_of(due.athlete):  # a change of sessions a week counts from its day in the athlete's zone
            return session_days(plan, start=due.day, days=1, changes=changes[plan.pk]) == [due.day]

    return [due for due in found if still_due(due)]


# Sending ----------------------------------------------------------------------------------------


def unsubscribe_token(athlete, kind):
    """The signed token of the link that turns `kind` of reminder off for `athlete`, made for the
    settings in force: it names the kind's time of day, and stops working once that changes or after
    UNSUBSCRIBE_MAX_AGE. No queries when the athlete's profile is loaded (as due_reminders loads it)."""
    at = getattr(athlete.athlete_profile, TIME_OF[Kind(kind)]).strftime("%H:%M")
    return signing.dumps({"athlete": athlete.pk, "kind": str(kind), "at": at}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(athlete id, Kind, time of day) a token names, or None for one broken, tampered with, too old or of
    another kind. No queries."""
    try:
        claim = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired too
        return None
    if (
        not isinstance(claim, dict)
        or claim.get("kind") not in SWITCH_OF
        or not isinstance(claim.get("athlete"), int)
        or not isinstance(claim.get("at"), str)
    ):
        return None
    try:
        at = datetime.strptime(claim["at"], "%H:%M").time()
    except ValueError:
        return None
    return claim["athlete"], Kind(claim["kind"]), at


def profiles_named_by(claim):
    """The athlete profile a token's claim (read_unsubscribe_token) is for, while the settings it was made
    under hold: a queryset of one or none. No queries until evaluated."""
    athlete_id, kind, at = claim
    return AthleteProfile.objects.filter(user_id=athlete_id, **{TIME_OF[kind]: at})


def unsubscribe(token):
    """Turn off the kind of reminder a token names; its kind, or None for a bad token (read_unsubscribe_token),
    one whose settings changed since, or one of an account that is gone. One query (none for a bad token)."""
    claim = read_unsubscribe_token(token)
    if claim is None:
        return None
    updated = profiles_named_by(claim).update(**{SWITCH_OF[claim[1]]: False})
    return claim[1] if updated else None


def reminder_email(due):
    """(subject, body, headers) of the email for `due`, in the athlete's language. No queries.

    Neutral on purpose: nothing about cramps, plans or health beyond "time for your check-in"
    or "today's plan session", in the subject or the body.
    """
    token = unsubscribe_token(due.athlete, due.kind)
    stop_url = settings.SITE_URL + reverse("athletes:reminder-unsubscribe", args=[token])
    one_click_url = settings.SITE_URL + reverse("athletes:reminder-unsubscribe-one-click", args=[token])
    profile_url = settings.SITE_URL + reverse("profile")
    with in_language_of(due.athlete):
        if due.kind == Kind.CHECKIN:
            subject = _("Cramps: time for your check-in")
            lead = _("It is time for your daily check-in: a few seconds to say how today went.")
            page_url = checkin_url()
        else:
            subject = _("Cramps: today's plan session")
            lead = _("Today's plan session is waiting for you.")
            page_url = settings.SITE_URL + reverse("athletes:routine")
        stop = _("To stop these reminders, open this link (no log-in needed):")
        again = _("You can turn them on again in your profile:")
        body = f"{lead}\n{page_url}\n\n{stop}\n{stop_url}\n{again}\n{profile_url}\n"
    headers = {"List-Unsubscribe": f"<{one_click_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return subject, body, headers


def send_reminders(due_list, *, now):
    """Claim and queue each reminder in `due_list`; returns how many were queued. Two queries each.

    The Reminder row is inserted first, in one transaction with the email's task: if another pass
    or worker claimed the same athlete, kind and day, the unique constraint refuses the row and
    nothing is queued; if queueing fails, the claim is undone with it. The worker writes the email
    when it sends it (reminder_email, through email_kinds.reminder_due).
    """
    queued = 0
    for due in due_list:
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(athlete=due.athlete, kind=due.kind, day=due.day, sent_at=now)
                queue_email("reminder", recipient=due.athlete, reminder=reminder.pk)
        except IntegrityError:
            continue  # sent already, by another pass
        except Exception:
            logger.exception("Could not queue a %s reminder; the next pass tries again.", due.kind)
            continue
        queued += 1
    return queued


def send_due_reminders(*, now=None):
    """One pass: every reminder due at `now` (default: now), claimed and queued. Returns how many."""
    now = now or timezone.now()
    return send_reminders(due_reminders(now=now), now=now)
