"""Adherence: how much of a plan the athlete did, in sessions for its exercises and in days for its habits.

Exercises are asked for so many sessions a week (pro rata by day, each day at the rate in force on
it); habits are counted by the day: a day counts as kept when its session ticked at least one habit.
A plan of habits only asks for no sessions; a plan of both counts each in its own words.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..days import local_midnight
from ..models import AssignedItem, PlanChange

# Sessions of exercises ---------------------------------------------------------


def rate_schedule(assignment, changes=()):
    """[(first day, sessions a week)], oldest first: the plan's rate from its start, then each change of it. No queries.

    `changes` are the plan's PlanChanges, in any order; those that kept the rate are skipped.
    A new rate counts from the day of its change, read in the current time zone (run in the
    athlete's), or from the start for a change made before the plan began; of several changes
    on one day, the last one counts.
    """
    steps = sorted(
        (c for c in changes if c.sessions_per_week_after is not None), key=lambda c: (c.changed_at, c.pk or 0)
    )
    if not steps:
        return [(assignment.start_date, assignment.sessions_per_week)]
    rates = {assignment.start_date: steps[0].sessions_per_week_before}
    for change in steps:
        rates[max(timezone.localdate(change.changed_at), assignment.start_date)] = change.sessions_per_week_after
    return sorted(rates.items())


def _asking_from(schedule, since):
    """`schedule` (see rate_schedule) asking for no session before the day `since`; as it is for None. No queries."""
    if since is None or since <= schedule[0][0]:
        return schedule
    in_force = [rate for first, rate in schedule if first <= since][-1]
    return [(schedule[0][0], 0), (since, in_force), *((first, rate) for first, rate in schedule if first > since)]


def _pro_rata(assignment, days, schedule=None):
    """Sessions the plan expects over its first `days` days, each day at the rate in force on it,
    capped at the whole plan's days. No queries.

    Each day asks for a seventh of its week's sessions; the sum is rounded up. With one rate
    throughout, that is ceil(days × sessions a week / 7), at most sessions a week × weeks.
    """
    schedule = schedule or rate_schedule(assignment)
    start = assignment.start_date
    end = start + timedelta(days=min(max(days, 0), assignment.weeks * 7))  # exclusive
    sevenths = 0
    for (first, rate), (following, _) in zip(schedule, [*schedule[1:], (end, None)], strict=True):
        sevenths += max((min(following, end) - max(first, start)).days, 0) * rate
    return math.ceil(sevenths / 7)


def sessions_due(assignment, *, today, sessions_done=0, changes=(), since=None):
    """Sessions the plan expected so far, pro rata by day and capped at the plan. No queries.

    A day counts once it is over: `today` is not missed while it lasts, so on the
    first day nothing is due yet. Today's share counts only as far as the athlete
    has already done it (`sessions_done`), so a session done today shows as done of due.
    Each day counts at the sessions a week in force on it: pass the plan's `changes`
    (PlanChanges, see `rate_schedule`), so changing the rate does not rewrite the days before.
    `since` is the first day the plan had an exercise (see `plan_kinds`): no session is due before it.
    """
    if today < assignment.start_date:
        return 0
    schedule = _asking_from(rate_schedule(assignment, changes), since)
    last = min(today, assignment.end_date)
    ended_days = (last - assignment.start_date).days + (1 if today > assignment.end_date else 0)
    past = _pro_rata(assignment, ended_days, schedule)
    with_today = _pro_rata(assignment, (last - assignment.start_date).days + 1, schedule)
    return max(past, min(sessions_done, with_today))


def session_days(assignment, *, start, days, changes=()):
    """The days among the `days` from `start` on which the plan asks for a session, oldest first. No queries.

    The same pro-rata count that adherence uses: a day asks for a session when the sessions due by
    its end go up, each day at the rate in force on it (`changes`: see `rate_schedule`; run in the
    athlete's zone). Three a week from a Monday asks on Monday, Wednesday and Friday. No day before
    the plan's start or after its end asks for one.
    """
    schedule = rate_schedule(assignment, changes)
    first = (max(start, assignment.start_date) - assignment.start_date).days
    last = (min(start + timedelta(days=days - 1), assignment.end_date) - assignment.start_date).days
    return [
        assignment.start_date + timedelta(days=offset)
        for offset in range(first, last + 1)
        if _pro_rata(assignment, offset + 1, schedule) > _pro_rata(assignment, offset, schedule)
    ]


def current_kinds():
    """Annotations for plans, in their own query: `has_exercise` and `has_habit`, whether each holds one now."""
    current = AssignedItem.objects.filter(assignment=OuterRef("pk"), removed_at__isnull=True)
    return {
        "has_exercise": Exists(current.filter(exercise__isnull=False)),
        "has_habit": Exists(current.filter(strategy__isnull=False)),
    }


def holds_habits_alone(items):
    """Whether a plan's current `items` are all habits: it is counted, and asked of, by the day. A plan with
    no item at all is counted in sessions, as plans always were. No queries."""
    return bool(items) and all(item.is_habit for item in items)


def asking_days(assignment, *, start, days, changes=(), habits_only=False):
    """The days among the `days` from `start` on which the plan asks something of the athlete: every day
    of a plan that holds habits alone now (its days are counted, habit_days), else its session days. No
    queries: the caller says `habits_only` (plan_kinds, or the items it has loaded)."""
    if not habits_only:
        return session_days(assignment, start=start, days=days, changes=changes)
    first = max(start, assignment.start_date)
    last = min(start + timedelta(days=days - 1), assignment.end_date)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def adherence(assignment, *, sessions_done, today, changes=(), since=None):
    """Sessions done / sessions due so far, at most 1; None while nothing is due. No queries."""
    due = sessions_due(assignment, today=today, sessions_done=sessions_done, changes=changes, since=since)
    if not due:
        return None
    return min(sessions_done / due, 1.0)


def rate_changes_by_assignment(assignment_ids):
    """{assignment id: [its PlanChanges that moved the sessions a week]}. One query, none without ids."""
    changes = {pk: [] for pk in assignment_ids}
    if changes:
        for change in PlanChange.objects.filter(
            assignment_id__in=changes, sessions_per_week_after__isnull=False
        ).order_by("changed_at", "pk"):
            changes[change.assignment_id].append(change)
    return changes


def items_on(assignment, day, *, ticked=()):
    """The plan's items as they stood on `day` (the athlete's date; run in their zone), in order. No queries yet.

    For today, the items in the plan now. For a past day, those added before it ended and not
    removed before it ended: the doses of that day, not today's. Items in `ticked` (pks of what
    the day's session ticked) are always among them, whatever changed since.
    """
    day_ends = local_midnight(day + timedelta(days=1))
    on_day = Q(added_at__lt=day_ends) & (Q(removed_at__isnull=True) | Q(removed_at__gte=day_ends))
    return assignment.items.filter(on_day | Q(pk__in=list(ticked))).order_by("position")


def starts_today(assignment, *, today):
    """Whether `today` is an active plan's first day (nothing can be due yet). No queries."""
    return assignment.is_active and today == assignment.start_date


# What a plan holds, and days of habits -----------------------------------------


@dataclass(frozen=True)
class PlanKinds:
    """What a plan holds now, and since when: the first day it had an exercise, and a habit.

    None for a kind it holds no item of now (or, for a plan that has ended, when it ended).
    """

    exercises_from: date | None
    habits_from: date | None

    def or_sessions_from(self, start):
        """These kinds; for a plan that holds no item at all, sessions from `start`, as plans were always counted."""
        if self.exercises_from is None and self.habits_from is None:
            return PlanKinds(exercises_from=start, habits_from=None)
        return self


def plan_kinds(items):
    """PlanKinds from every item the plan has had (AssignedItems with `added_at`, `removed_at`). No queries.

    Days are read in the current time zone: run it in the athlete's.
    """

    def first_day(of_kind):
        if not any(item.removed_at is None for item in of_kind):
            return None
        return min(timezone.localdate(item.added_at) for item in of_kind)

    return PlanKinds(
        exercises_from=first_day([item for item in items if not item.is_habit]),
        habits_from=first_day([item for item in items if item.is_habit]),
    )


def sessions_and_kept_days(sessions, *, ticked, habit_ids):
    """(how many sessions count as done, the days the habits were kept) of a plan's sessions. No queries.

    `ticked` is {session pk: pks of the items it ticked}; `habit_ids` the pks of every habit the plan
    has had. A session counts as done unless all it ticked were habits (a day of habits is not a
    session of exercises); its day counts as kept when it ticked at least one habit. Without habits,
    every session counts, as it always has.
    """
    done, kept = 0, set()
    for session in sessions:
        items = ticked.get(session.pk, set())
        habits = items & habit_ids
        if not items or items - habits:
            done += 1
        if habits:
            kept.add(session.performed_on)
    return done, kept


@dataclass(frozen=True)
class HabitDays:
    """Of the days a plan's habits have counted so far, those they were kept on."""

    kept: int
    days: int

    @property
    def share(self):
        """Kept / days, or None while no day counts."""
        return self.kept / self.days if self.days else None


def habit_days(assignment, *, kept_on, today, since=None):
    """How many days the plan's habits were kept, of those counted so far: HabitDays. No queries.

    `kept_on` are the days whose session ticked at least one habit (see `sessions_and_kept_days`);
    `since` is the first day the plan had a habit (its start by default). As for sessions, a day
    counts once it is over, and today only once a habit is ticked, so a plan's first day is not a
    day missed; no day counts after the plan's end.
    """
    first = max(assignment.start_date, since or assignment.start_date)
    last = min(today, assignment.end_date)
    if last < first:
        return HabitDays(kept=0, days=0)
    kept = {day for day in kept_on if first <= day <= last}
    over = (min(today - timedelta(days=1), assignment.end_date) - first).days + 1
    kept_today = today <= assignment.end_date and today in kept
    return HabitDays(kept=len(kept), days=max(over, 0) + kept_today)
