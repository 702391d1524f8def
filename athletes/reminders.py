"""Reminders by email at the athlete's own hour: the daily check-in, and plan sessions on the days they are due.

An athlete turns each kind on in their profile (both are off until then) and picks its time in their
time zone. A pass (`send_due_reminders`) runs every minute in the task worker: the task
`remind` does one pass and queues the next one (`queue_pass`), and `manage.py
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

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .days import in_zone_of, zone_of
from .emails import queue_email
from .insights.adherence import asking_days, current_kinds, rate_changes_by_assignment
from .models import AthleteProfile, DailyCheckIn, Reminder, RoutineAssignment, RoutineSession, User
from .reminder_email import Kind
from .tasks import prune_task_results

logger = logging.getLogger(__name__)

LATE_LIMIT = timedelta(hours=3)  # how late a reminder may still go out after its time

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
            for plan in RoutineAssignment.objects.filter(athlete_id__in=session_ids, is_active=True).annotate(
                **current_kinds()  # a plan of habits alone asks every day, as its days are counted
            )
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
            habits_only = plan.has_habit and not plan.has_exercise
            return asking_days(plan, start=due.day, days=1, changes=changes[plan.pk], habits_only=habits_only) == [
                due.day
            ]

    return [due for due in found if still_due(due)]


# Sending ----------------------------------------------------------------------------------------


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
    fails does not end the chain, and pruning what finished long enough ago. Returns how many
    reminders it queued."""
    queue_pass()
    waiting = waiting_passes()
    if waiting is not None:
        waiting.model.objects.filter(
            task_path=remind.module_path, status="SUCCESSFUL", finished_at__lt=timezone.now() - KEEP_PASS_RESULTS
        ).delete()
        prune_task_results()
    return send_due_reminders()
