"""The library: what the app's advice rests on and what coaches prescribe from.

Every model has a slug as its natural key, so `fixtures/library.json` loads
idempotently and survives re-ordering.

One module per domain; every name is re-exported here, so `from library.models import X`
(and the migrations' `library.models.exercise_picture_path`) keep working:

- base: the choice lists, evidence grades and purposes, the slug key, dose bounds, the revision row;
- causes: causes and references;
- exercises: exercises, strategies (habits) and their graded claims;
- plans: athlete-group focus, plan templates and their items;
- safety: red flags and the medicines linked with cramps.
"""

from .base import (
    GRADE_ORDER,
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    PURPOSE_ORDER,
    AthleteGroup,
    ClaimPurpose,
    EvidenceGrade,
    LibraryRevision,
    MuscleGroup,
    SlugManager,
    SlugModel,
    dose_number,
    in_active_language,
    in_default_language,
)
from .causes import Cause, Reference
from .exercises import (
    Claim,
    ClaimedItemMixin,
    ClaimManager,
    Exercise,
    ExerciseClaim,
    Strategy,
    StrategyClaim,
    exercise_picture_path,
    prevention_claims,
    sort_claims,
    validate_https,
)
from .plans import (
    PLAN_ITEM_FIELDS,
    AthleteFocus,
    AthleteFocusManager,
    PlanItemMixin,
    RoutineTemplate,
    RoutineTemplateItem,
    RoutineTemplateItemManager,
    plan_item_prefetches,
)
from .safety import CrampMedicine, RedFlag, _medicine_word_pattern

__all__ = [
    "GRADE_ORDER",
    "MAX_HOLD_SECONDS",
    "MAX_REPS",
    "MAX_SETS",
    "PLAN_ITEM_FIELDS",
    "PURPOSE_ORDER",
    "AthleteFocus",
    "AthleteFocusManager",
    "AthleteGroup",
    "Cause",
    "Claim",
    "ClaimManager",
    "ClaimPurpose",
    "ClaimedItemMixin",
    "CrampMedicine",
    "EvidenceGrade",
    "Exercise",
    "ExerciseClaim",
    "LibraryRevision",
    "MuscleGroup",
    "PlanItemMixin",
    "RedFlag",
    "Reference",
    "RoutineTemplate",
    "RoutineTemplateItem",
    "RoutineTemplateItemManager",
    "SlugManager",
    "SlugModel",
    "Strategy",
    "StrategyClaim",
    "_medicine_word_pattern",
    "dose_number",
    "in_active_language",
    "in_default_language",
    "exercise_picture_path",
    "plan_item_prefetches",
    "prevention_claims",
    "sort_claims",
    "validate_https",
]
