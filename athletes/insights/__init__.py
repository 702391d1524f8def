"""Reading and aggregating cramp episodes.

- triggers: the inference rules, the trigger profile and advice for the top causes;
- flag_rules and flags: which red flags warning signs, patterns and medicines raise, and the flags a page
  shows with their wording and acknowledgements (flag_defaults: the built-in wording and sources);
- adherence: sessions done of due for a plan's exercises, days kept for its habits; effects: whether a plan
  reduced cramps (exact: the binomial sums its comparison needs); plans: both together, a plan's Progress;
- history: every plan an athlete has had, with its items, changes and sessions;
- charts: weekly bars and when breakdowns;
- body_map: the lower body's regions, and how often each cramped;
- dashboard: the coach's one row per athlete;
- summary: each athlete's dashboard figures, kept in one row and worked out again when they change;
- context: recent episodes logged without the details that tell causes apart;
- day_triggers: check-in days with and without each factor, compared (the day-level analysis);
- days: the athlete's own time zone, "today" and local midnights;
- report: the last 90 days whole, for a clinician.

Everything public is re-exported here, so callers write `insights.trigger_profile(...)`.
"""

from ..days import TIME_ZONE_CHOICES, in_zone_of, is_time_zone, local_midnight, local_today, zone_of
from .adherence import (
    HabitDays,
    PlanKinds,
    adherence,
    habit_days,
    items_on,
    plan_kinds,
    rate_changes_by_assignment,
    rate_schedule,
    session_days,
    sessions_and_kept_days,
    sessions_due,
    starts_today,
)
from .body_map import BodyMap, region_counts, shaded_body_map
from .charts import Bar, breakdowns, chart_bars, time_of_day, weekly_chart, weekly_counts
from .context import CONTEXT_DAYS, LACKS_CONTEXT, lacks_context, next_without_context, without_context
from .dashboard import FEEDBACK_DAYS, LOW_ADHERENCE, AthleteRow, dashboard_rows, session_feedback
from .day_triggers import (
    DAY_WINDOW_DAYS,
    MIN_DAYS,
    DayAnalysis,
    FactorResult,
    compare_days,
    day_analysis,
    wilson_interval,
)
from .effects import (
    BEFORE_DAYS,
    MIN_DAYS_FOR_EFFECT,
    Effect,
    effect_periods,
    episode_counts,
    first_episode_at,
    history_start,
    routine_effects,
    template_effects,
)
from .flag_defaults import FLAG_DEFAULTS
from .flag_rules import URGENT_FOR, Reason, red_flag_reasons
from .flags import (
    URGENCY_RANK,
    RaisedFlag,
    RaisedFlags,
    acknowledgements_for,
    apply_acknowledgements,
    cached_profile,
    flag_wording,
    history_start_for_flags,
    previous_window_count,
    raise_flags,
    red_flags_for,
)
from .history import PlanRecord, plan_history
from .plans import Progress, routine_progress
from .report import REPORT_DAYS, Report, clinician_report
from .trigger_rules import (
    RULES,
    Rule,
    at_night,
    at_rest_away_from_training,
    hard_or_long_session,
    night_from_clock_only,
    rest_after_hard_session,
)
from .triggers import (
    WINDOW_DAYS,
    CauseShare,
    advice_for,
    episode_cause_slugs,
    episodes_in_window,
    infer_causes,
    trigger_profile,
    with_suspicions,
)

__all__ = [
    "DAY_WINDOW_DAYS",
    "MIN_DAYS",
    "DayAnalysis",
    "FactorResult",
    "compare_days",
    "day_analysis",
    "wilson_interval",
    "CONTEXT_DAYS",
    "LACKS_CONTEXT",
    "lacks_context",
    "next_without_context",
    "without_context",
    "BEFORE_DAYS",
    "REPORT_DAYS",
    "Report",
    "clinician_report",
    "session_days",
    "FEEDBACK_DAYS",
    "FLAG_DEFAULTS",
    "LOW_ADHERENCE",
    "MIN_DAYS_FOR_EFFECT",
    "RULES",
    "TIME_ZONE_CHOICES",
    "URGENCY_RANK",
    "URGENT_FOR",
    "WINDOW_DAYS",
    "AthleteRow",
    "Bar",
    "BodyMap",
    "CauseShare",
    "Effect",
    "HabitDays",
    "PlanKinds",
    "PlanRecord",
    "Progress",
    "RaisedFlag",
    "RaisedFlags",
    "acknowledgements_for",
    "apply_acknowledgements",
    "Reason",
    "Rule",
    "adherence",
    "advice_for",
    "at_night",
    "at_rest_away_from_training",
    "breakdowns",
    "cached_profile",
    "chart_bars",
    "dashboard_rows",
    "episode_cause_slugs",
    "effect_periods",
    "episode_counts",
    "episodes_in_window",
    "first_episode_at",
    "habit_days",
    "flag_wording",
    "hard_or_long_session",
    "history_start",
    "history_start_for_flags",
    "in_zone_of",
    "infer_causes",
    "is_time_zone",
    "local_midnight",
    "local_today",
    "previous_window_count",
    "raise_flags",
    "red_flag_reasons",
    "red_flags_for",
    "night_from_clock_only",
    "rest_after_hard_session",
    "routine_effects",
    "plan_history",
    "items_on",
    "plan_kinds",
    "rate_changes_by_assignment",
    "rate_schedule",
    "region_counts",
    "routine_progress",
    "session_feedback",
    "shaded_body_map",
    "sessions_and_kept_days",
    "sessions_due",
    "starts_today",
    "template_effects",
    "time_of_day",
    "trigger_profile",
    "weekly_chart",
    "weekly_counts",
    "with_suspicions",
    "zone_of",
]
