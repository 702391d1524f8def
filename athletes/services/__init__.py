"""Writes that span several rows or must hold under concurrency, and the emails they send: one module
per domain, every name re-exported here."""

from .accounts import (
    CONFIRM_EMAIL_EVERY,
    EMAIL_CONFIRM_DAYS,
    EMAIL_CONFIRM_SALT,
    SIGN_UP_NOTE_EVERY,
    ask_to_confirm_email,
    confirm_email,
    delete_account,
    forget_admin_names,
    tell_owner_of_attempt,
)
from .coaching import accept_invite, end_link
from .episodes import acknowledge_flag, episode_flags, log_quick_episode, notify_coaches_of_new_flags, save_checkin
from .plans import assign_routine, change_plan, end_assignment, items_from_template, record_session

__all__ = [
    "delete_account",
    "forget_admin_names",
    "SIGN_UP_NOTE_EVERY",
    "EMAIL_CONFIRM_SALT",
    "EMAIL_CONFIRM_DAYS",
    "CONFIRM_EMAIL_EVERY",
    "ask_to_confirm_email",
    "confirm_email",
    "tell_owner_of_attempt",
    "log_quick_episode",
    "save_checkin",
    "episode_flags",
    "notify_coaches_of_new_flags",
    "acknowledge_flag",
    "accept_invite",
    "end_link",
    "items_from_template",
    "assign_routine",
    "end_assignment",
    "change_plan",
    "record_session",
]
