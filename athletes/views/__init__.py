from .accounts import healthz, home, profile, signup
from .athlete import (
    coaches,
    episode_create,
    episode_delete,
    episode_edit,
    episode_list,
    insights_page,
    join,
    leave_coach,
    quick_log,
    routine,
    stop_routine,
)
from .coach import assign, coach_athlete, dashboard, end_routine, invite_delete, invites, remove_athlete
from .plans import start_plan

__all__ = [
    "assign",
    "coach_athlete",
    "coaches",
    "dashboard",
    "end_routine",
    "episode_create",
    "episode_delete",
    "episode_edit",
    "episode_list",
    "healthz",
    "home",
    "insights_page",
    "invite_delete",
    "invites",
    "join",
    "leave_coach",
    "profile",
    "quick_log",
    "remove_athlete",
    "routine",
    "signup",
    "start_plan",
    "stop_routine",
]
