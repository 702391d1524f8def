from .accounts import confirm_email, delete_account, export_data, healthz, home, profile, signup
from .checkin import checkin
from .coach import (
    acknowledge_flag_for_athlete,
    assign,
    coach_athlete,
    dashboard,
    edit_routine,
    end_routine,
    invite_delete,
    invites,
    remove_athlete,
)
from .comments import episode_comments, plan_comments, session_comments
from .episodes import (
    acknowledge_flag,
    episode_create,
    episode_delete,
    episode_edit,
    episode_list,
    insights_page,
    quick_log,
)
from .invite_link import join_link
from .my_coaches import coaches, join, leave_coach
from .plans import change_own_plan, start_plan
from .reminders import reminder_unsubscribe, reminder_unsubscribe_one_click
from .reports import (
    calendar_feed,
    coach_report,
    plan_calendar_page,
    report,
    report_shares,
    reset_plan_calendar,
    revoke_report_share,
    shared_report,
)
from .routine import routine, stop_routine

__all__ = [
    "calendar_feed",
    "coach_report",
    "plan_calendar_page",
    "report",
    "report_shares",
    "reset_plan_calendar",
    "revoke_report_share",
    "shared_report",
    "acknowledge_flag",
    "acknowledge_flag_for_athlete",
    "assign",
    "change_own_plan",
    "checkin",
    "coach_athlete",
    "coaches",
    "confirm_email",
    "delete_account",
    "dashboard",
    "edit_routine",
    "end_routine",
    "episode_comments",
    "episode_create",
    "episode_delete",
    "episode_edit",
    "episode_list",
    "export_data",
    "healthz",
    "home",
    "insights_page",
    "invite_delete",
    "invites",
    "join",
    "join_link",
    "leave_coach",
    "plan_comments",
    "profile",
    "quick_log",
    "reminder_unsubscribe",
    "reminder_unsubscribe_one_click",
    "remove_athlete",
    "routine",
    "session_comments",
    "signup",
    "start_plan",
    "stop_routine",
]
