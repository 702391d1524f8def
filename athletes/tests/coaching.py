"""Builders for coaching data."""

from datetime import timedelta

from django.utils import timezone

from athletes import services
from athletes.models import CoachLink, RoutineSession


def link(coach, athlete):
    return CoachLink.objects.create(coach=coach, athlete=athlete)


def assign(coach, athlete, exercises, *, template=None, start_days_ago=0, sessions_per_week=3, weeks=4, habits=()):
    """Assign `exercises` at their default dose, then `habits`: strategies or (strategy, dose) pairs."""
    habit_rows = [
        {"strategy": h, "dose": "Once a day"} if not isinstance(h, tuple) else {"strategy": h[0], "dose": h[1]}
        for h in habits
    ]
    return services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=template,
        start_date=timezone.localdate() - timedelta(days=start_days_ago),
        sessions_per_week=sessions_per_week,
        weeks=weeks,
        note="",
        items=[
            *({"exercise": e, "sets": e.sets, "reps": e.reps, "hold_seconds": e.hold_seconds} for e in exercises),
            *habit_rows,
        ],
    )


def do_sessions(assignment, count):
    for i in range(count):
        RoutineSession.objects.create(assignment=assignment, performed_on=assignment.start_date + timedelta(days=i))
