"""Suggesting plans for one athlete: the ranking (ranking) and the reasons in words (reasons)."""

from .ranking import habits_for, plans_with_claims, recommend
from .reasons import BROAD_AREAS, CONDITIONING, MAJOR_SHARE, RECOVERY, Recommendation, Suggestions

__all__ = [
    "BROAD_AREAS",
    "CONDITIONING",
    "MAJOR_SHARE",
    "RECOVERY",
    "Recommendation",
    "Suggestions",
    "habits_for",
    "plans_with_claims",
    "recommend",
]
