"""A plan's progress: its adherence (adherence.py) and whether it reduced cramps (effects.py), together."""

from dataclasses import dataclass

from ..models import RoutineAssignment
from .adherence import HabitDays, PlanKinds, adherence, habit_days, sessions_due, starts_today
from .effects import Effect


@dataclass(frozen=True)
class Progress:
    """Where an assignment stands: sessions done and due, adherence, days of habits kept, and whether it worked.

    `done`, `due` and `adherence` are about its exercises' sessions: with no exercise in the plan,
    nothing is due (`has_exercises` is False). `habits` is None with no habit in the plan.
    """

    assignment: RoutineAssignment
    done: int
    due: int
    adherence: float | None
    effect: Effect
    starts_today: bool = False
    has_exercises: bool = True
    habits: HabitDays | None = None


def routine_progress(assignment, *, sessions_done, today, effect, changes=(), kinds=None, kept_on=()):
    """Progress of one assignment from its session count, changes and its Effect (from routine_effects). No queries.

    `kinds` (see `plan_kinds`) says what the plan holds and since when; without it (or any item), the
    plan is counted in sessions from its start. `kept_on` are the days its habits were kept
    (see `sessions_and_kept_days`).
    """
    kinds = (kinds or PlanKinds(exercises_from=None, habits_from=None)).or_sessions_from(assignment.start_date)
    since = kinds.exercises_from
    has_exercises = since is not None
    return Progress(
        assignment=assignment,
        done=sessions_done,
        due=sessions_due(assignment, today=today, sessions_done=sessions_done, changes=changes, since=since)
        if has_exercises
        else 0,
        adherence=adherence(assignment, sessions_done=sessions_done, today=today, changes=changes, since=since)
        if has_exercises
        else None,
        effect=effect,
        starts_today=starts_today(assignment, today=today),
        has_exercises=has_exercises,
        habits=habit_days(assignment, kept_on=kept_on, today=today, since=kinds.habits_from)
        if kinds.habits_from is not None
        else None,
    )
