from .accounts import home, profile, signup
from .athlete import (
    episode_create,
    episode_delete,
    episode_edit,
    episode_list,
    insights_page,
    quick_log,
)
from .coach import dashboard

__all__ = [
    "dashboard",
    "episode_create",
    "episode_delete",
    "episode_edit",
    "episode_list",
    "home",
    "insights_page",
    "profile",
    "quick_log",
    "signup",
]
