"""Every plan an athlete has had, whole: items, changes, sessions and what it achieved.

The coach's athlete page and the athlete's routine page read the same records.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import AssignedItem, PlanChange, RoutineSession
from .adherence import plan_kinds, sessions_and_kept_days
from .effects import first_episode_at, history_start, routine_effects
from .plans import Progress, routine_progress


@dataclass(frozen=True)
class PlanRecord:
    """One plan as both sides read it."""

    progress: Progress
    items: list  # the plan as it stands (or stood when it ended), in order
    removed: list  # items a coach's change took out; past sessions may have ticked them
    sessions: list  # newest first, each with `done`: what it ticked, in words
    changes: list  # the changes (the coach's, or the athlete's to a plan they started), newest first

    @property
    def assignment(self):
        return self.progress.assignment

    @property
    def latest_change(self):
        return self.changes[0] if self.changes else None


def _items():
    return AssignedItem.objects.select_related("exercise", "strategy")


def _done_in_words(items, ticked):
    """What a session ticked, in the plan's order: "Calf raise (3 × 15 reps), Rest day (one a week)", or "".

    `items` are every item the plan has had, `ticked` the pks the session ticked. No queries.
    """
    return ", ".join(f"{item.name} ({item.dose_in_words})" for item in items if item.pk in ticked)


def plan_history(athlete, *, today):
    """The athlete's plans, newest first, as PlanRecords. Six queries, none but one without any plan.

    Reads the plans with their coach, items, sessions, what each session ticked (pairs of ids,
    matched to the plan's items already read) and changes in one query each, however many there
    are; the database counts the episodes before and since each plan. What the sessions ticked
    also says which were sessions of exercises and on which days the habits were kept.
    Run it in the athlete's zone (`today` is their local date).
    """
    assignments = list(
        athlete.assignments.select_related("coach", "ended_by")
        .prefetch_related(
            Prefetch("items", queryset=_items()),
            Prefetch("sessions", queryset=RoutineSession.objects.order_by("-performed_on")),
            Prefetch("changes", queryset=PlanChange.objects.select_related("changed_by")),
        )
        .annotate(first_episode_at=first_episode_at())
    )
    ticked = defaultdict(set)
    if assignments:
        pairs = RoutineSession.completed_items.through.objects.filter(
            routinesession__assignment__in=[a.pk for a in assignments]
        ).values_list("routinesession_id", "assigneditem_id")
        for session_id, item_id in pairs:
            ticked[session_id].add(item_id)
    starts = {a.pk: history_start(athlete, a.first_episode_at) for a in assignments}
    effects = routine_effects(assignments, todays=dict.fromkeys(starts, today), history_starts=starts)
    records = []
    for assignment in assignments:
        items = list(assignment.items.all())
        sessions = list(assignment.sessions.all())
        for session in sessions:
            session.done = _done_in_words(items, ticked[session.pk])
        changes = list(assignment.changes.all())
        done, kept_on = sessions_and_kept_days(
            sessions, ticked=ticked, habit_ids={item.pk for item in items if item.is_habit}
        )
        records.append(
            PlanRecord(
                progress=routine_progress(
                    assignment,
                    sessions_done=done,
                    today=today,
                    changes=changes,
                    effect=effects[assignment.pk],
                    kinds=plan_kinds(items),
                    kept_on=kept_on,
                ),
                items=[item for item in items if item.removed_at is None],
                removed=[item for item in items if item.removed_at is not None],
                sessions=sessions,
                changes=changes,
            )
        )
    return records
