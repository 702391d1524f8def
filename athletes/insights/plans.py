"""Plans: adherence, and whether a plan reduced cramps (before and after)."""

import math
from dataclasses import dataclass
from datetime import timedelta

from ..models import CrampEpisode, RoutineAssignment
from .days import in_zone_of, local_midnight, local_today

# Routines: adherence and whether they worked --------------------------------

MIN_DAYS_FOR_EFFECT = 14
BEFORE_DAYS = 28


def sessions_due(assignment, *, today):
    """Sessions the plan expected by the end of `today`: pro rata by day, capped at the plan. No queries."""
    if today < assignment.start_date:
        return 0
    last = min(today, assignment.end_date)
    days = (last - assignment.start_date).days + 1
    return min(math.ceil(days * assignment.sessions_per_week / 7), assignment.sessions_per_week * assignment.weeks)


def adherence(assignment, *, sessions_done, today):
    """Sessions done / sessions due so far, at most 1; None before anything is due. No queries."""
    due = sessions_due(assignment, today=today)
    if not due:
        return None
    return min(sessions_done / due, 1.0)


@dataclass(frozen=True)
class Effect:
    """Episodes per week in the 28 days before a routine against the time since it started."""

    before: int
    after: int
    days_since: int
    before_per_week: float
    after_per_week: float | None

    @property
    def enough_data(self):
        return self.days_since >= MIN_DAYS_FOR_EFFECT

    @property
    def change(self):
        """Fractional change in episodes per week (-0.5 = half as many), or None if it cannot be said."""
        if not self.enough_data or not self.before:
            return None
        return self.after_per_week / self.before_per_week - 1

    @property
    def change_percent(self):
        return None if self.change is None else round(self.change * 100)

    @property
    def verdict(self):
        """The change in words: '40% fewer cramps', '25% more cramps' or 'No change'."""
        percent = self.change_percent
        if percent is None:
            return ""
        if percent < 0:
            return f"{-percent}% fewer cramps"
        return f"{percent}% more cramps" if percent > 0 else "No change"


def routine_effect(assignment, episode_times, *, today):
    """Compare episode rates before and since `assignment` started. No queries.

    `episode_times` are the athlete's episode datetimes; any outside the two
    periods are ignored.
    """
    start = local_midnight(assignment.start_date)
    end = local_midnight(min(today, assignment.end_date) + timedelta(days=1))
    before = sum(start - timedelta(days=BEFORE_DAYS) <= t < start for t in episode_times)
    after = sum(start <= t < end for t in episode_times)
    days_since = max((end - start).days, 0)
    return Effect(
        before=before,
        after=after,
        days_since=days_since,
        before_per_week=before / (BEFORE_DAYS / 7),
        after_per_week=after / (days_since / 7) if days_since else None,
    )


@dataclass(frozen=True)
class Progress:
    """Where an assignment stands: sessions done and due, adherence, and whether it worked."""

    assignment: RoutineAssignment
    done: int
    due: int
    adherence: float | None
    effect: Effect


def routine_progress(assignment, *, sessions_done, episode_times, today):
    """Progress of one assignment from its session count and the athlete's episode times. No queries."""
    return Progress(
        assignment=assignment,
        done=sessions_done,
        due=sessions_due(assignment, today=today),
        adherence=adherence(assignment, sessions_done=sessions_done, today=today),
        effect=routine_effect(assignment, episode_times, today=today),
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
    """Average change per routine template over assignments with enough data. One query.

    `assignments` come with their athlete (select_related): each one is measured in its
    athlete's time zone, up to their local today.
    Returns [(template name, average change percent, number of assignments)],
    best (most negative) first; assignments without a template or a before-rate are left out.
    """
    assignments = [a for a in assignments if a.template_id]
    if not assignments:
        return []
    # A day early: the athletes' midnights spread over a day around the viewer's.
    since = _before_first_start(assignments) - timedelta(days=1)
    times = episode_times_by_athlete({a.athlete_id for a in assignments}, since=since)
    changes = {}
    for assignment in assignments:
        with in_zone_of(assignment.athlete):
            today = local_today(assignment.athlete, now)
            change = routine_effect(assignment, times[assignment.athlete_id], today=today).change
        if change is not None:
            changes.setdefault(assignment.template.name, []).append(change)
    averages = [(name, round(sum(c) / len(c) * 100), len(c)) for name, c in changes.items()]
    return sorted(averages, key=lambda row: row[1])
