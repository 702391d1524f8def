"""Plans: adherence, and whether a plan reduced cramps (before and after)."""

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from ..models import CrampEpisode, PlanChange, RoutineAssignment
from .days import in_zone_of, local_midnight, local_today

# Routines: adherence and whether they worked --------------------------------

MIN_DAYS_FOR_EFFECT = 14  # on each side, before and since
MIN_EPISODES_FOR_PERCENT = 5  # on each side; fewer, and the counts are shown instead
BEFORE_DAYS = 28


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


def sessions_due(assignment, *, today, sessions_done=0, changes=()):
    """Sessions the plan expected so far, pro rata by day and capped at the plan. No queries.

    A day counts once it is over: `today` is not missed while it lasts, so on the
    first day nothing is due yet. Today's share counts only as far as the athlete
    has already done it (`sessions_done`), so a session done today shows as done of due.
    Each day counts at the sessions a week in force on it: pass the plan's `changes`
    (PlanChanges, see `rate_schedule`), so changing the rate does not rewrite the days before.
    """
    if today < assignment.start_date:
        return 0
    schedule = rate_schedule(assignment, changes)
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


def adherence(assignment, *, sessions_done, today, changes=()):
    """Sessions done / sessions due so far, at most 1; None while nothing is due. No queries."""
    due = sessions_due(assignment, today=today, sessions_done=sessions_done, changes=changes)
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


@dataclass(frozen=True)
class Effect:
    """Episodes per week before a routine (the history there is, up to 28 days) against since it started."""

    before: int
    after: int
    days_before: int
    days_since: int

    @property
    def before_per_week(self):
        return self.before / self.days_before * 7 if self.days_before else None

    @property
    def after_per_week(self):
        return self.after / self.days_since * 7 if self.days_since else None

    min_episodes_for_percent: ClassVar[int] = MIN_EPISODES_FOR_PERCENT

    @property
    def short_before(self):
        return self.days_before < MIN_DAYS_FOR_EFFECT

    @property
    def short_since(self):
        return self.days_since < MIN_DAYS_FOR_EFFECT

    @property
    def enough_data(self):
        """Both sides cover at least two weeks."""
        return not self.short_before and not self.short_since

    @property
    def counts_only(self):
        """Too few episodes on a side for a percentage to mean anything: say the counts instead."""
        return self.before < MIN_EPISODES_FOR_PERCENT or self.after < MIN_EPISODES_FOR_PERCENT

    @property
    def change(self):
        """Fractional change in episodes per week (-0.5 = half as many), or None if it cannot be said."""
        if not self.enough_data or self.counts_only:
            return None
        return self.after_per_week / self.before_per_week - 1

    @property
    def change_percent(self):
        return None if self.change is None else round(self.change * 100)

    @property
    def counts(self):
        """The plain counts: '2 before, 0 since'."""
        return f"{self.before} before, {self.after} since"

    @property
    def verdict(self):
        """'40% fewer cramps', '25% more cramps', 'No change', plain counts, or '' with too little data."""
        if not self.enough_data:
            return ""
        percent = self.change_percent
        if percent is None:
            return self.counts
        if percent < 0:
            return f"{-percent}% fewer cramps"
        return f"{percent}% more cramps" if percent > 0 else "No change"


def routine_effect(assignment, episode_times, *, today, history_start):
    """Compare episode rates before and since `assignment` started. No queries.

    `episode_times` are the athlete's episode datetimes; any outside the two
    periods are ignored. `history_start` is when the athlete's history begins
    (see history_start): the before side covers only days from then, at most 28;
    None means no history before the start.

    A plan made on its start day counts episodes since it was made: cramps earlier
    that day came before it and belong to neither side.
    """
    start = local_midnight(assignment.start_date)
    end = local_midnight(min(today, assignment.end_date) + timedelta(days=1))
    made = assignment.created_at
    since = made if made and start <= made < start + timedelta(days=1) else start
    first_day = timezone.localdate(history_start) if history_start else assignment.start_date
    baseline = max(start - timedelta(days=BEFORE_DAYS), min(local_midnight(first_day), start))
    return Effect(
        before=sum(baseline <= t < start for t in episode_times),
        after=sum(since <= t < end for t in episode_times),
        days_before=(start - baseline).days,
        days_since=max((end - start).days, 0),
    )


def first_episode_at(athlete="athlete"):
    """A subquery to annotate with: when the athlete (OuterRef(`athlete`)) logged their first-ever episode."""
    return Subquery(
        CrampEpisode.objects.filter(athlete=OuterRef(athlete)).order_by("occurred_at").values("occurred_at")[:1]
    )


def history_start(athlete, first_episode):
    """When the athlete's history begins: joining, or an earlier first-ever episode. No queries."""
    return min(when for when in (athlete.date_joined, first_episode) if when is not None)


@dataclass(frozen=True)
class Progress:
    """Where an assignment stands: sessions done and due, adherence, and whether it worked."""

    assignment: RoutineAssignment
    done: int
    due: int
    adherence: float | None
    effect: Effect
    starts_today: bool = False


def routine_progress(assignment, *, sessions_done, episode_times, today, history_start, changes=()):
    """Progress of one assignment from its session count, changes and the athlete's episode times. No queries."""
    return Progress(
        assignment=assignment,
        done=sessions_done,
        due=sessions_due(assignment, today=today, sessions_done=sessions_done, changes=changes),
        adherence=adherence(assignment, sessions_done=sessions_done, today=today, changes=changes),
        effect=routine_effect(assignment, episode_times, today=today, history_start=history_start),
        starts_today=starts_today(assignment, today=today),
    )


def _before_first_start(assignments):
    """Local midnight 28 days before the earliest of these assignments starts."""
    return local_midnight(min(a.start_date for a in assignments) - timedelta(days=BEFORE_DAYS))


def episode_times_by_athlete(athlete_ids, *, since):
    """{athlete id: [episode datetimes since `since`]}. One query."""
    times = {athlete_id: [] for athlete_id in athlete_ids}
    rows = CrampEpisode.objects.filter(athlete_id__in=athlete_ids, occurred_at__gte=since).values_list(
        "athlete_id", "occurred_at"
    )
    for athlete_id, when in rows:
        times[athlete_id].append(when)
    return times


def episode_times_for_assignments(athlete, assignments):
    """The athlete's episode datetimes from 28 days before the earliest assignment. One query, none without any."""
    if not assignments:
        return []
    return episode_times_by_athlete([athlete.pk], since=_before_first_start(assignments))[athlete.pk]


def template_effects(assignments, *, now=None):
    """Average change per routine template over assignments with enough data. One query besides `assignments`.

    `assignments` is a queryset; each comes with its athlete and first episode, and is
    measured in its athlete's time zone, up to their local today.
    Returns [(template name, average change percent, number of assignments)],
    best (most negative) first; assignments without a template or a percentage are left out.
    """
    assignments = [
        a
        for a in assignments.select_related("athlete", "template").annotate(first_episode_at=first_episode_at())
        if a.template_id
    ]
    if not assignments:
        return []
    # Two days early: the athletes' midnights spread over up to 26 hours around the viewer's.
    since = _before_first_start(assignments) - timedelta(days=2)
    times = episode_times_by_athlete({a.athlete_id for a in assignments}, since=since)
    changes = {}
    for assignment in assignments:
        start = history_start(assignment.athlete, assignment.first_episode_at)
        with in_zone_of(assignment.athlete):
            today = local_today(assignment.athlete, now)
            change = routine_effect(assignment, times[assignment.athlete_id], today=today, history_start=start).change
        if change is not None:
            changes.setdefault(assignment.template.name, []).append(change)
    averages = [(name, round(sum(c) / len(c) * 100), len(c)) for name, c in changes.items()]
    return sorted(averages, key=lambda row: row[1])
