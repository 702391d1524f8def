"""Reading and aggregating cramp episodes: likely causes, the trigger profile, trends, red flags.

Inference rules
---------------
Each rule reads one episode's context and, when it holds, names a library cause
(by slug) and says why in words a person can check. The rules are deliberately
simple and conservative; they point at likely contributors, they do not diagnose.

A hard or long session (defined once, in `hard_or_long_session`) is one of RPE 7
or more, 90 minutes or more, or a competition. Times are read in the current time
zone: callers activate the athlete's own zone first.

- dehydration: almost no fluid or under 500 ml in the last hours; or hot or humid
  conditions without more than a litre to drink.
- sodium-loss: heavy sweating or salt marks, with no electrolytes or salty food taken.
- neuromuscular-fatigue: an hour or more into a hard session (RPE 7+); a hard
  competition (RPE 8+); or a cramp at rest or after training that follows a hard or
  long session (RPE 7+ or 90+ minutes). Fluids are blamed only when the fluid
  rules above hold as well.
- lack-of-conditioning: new or harder training lately.
- lack-of-recovery: six or more days since the last rest day, or under six hours' sleep.
- nocturnal-cramps: the cramp came at night in bed, or between 00:00 and 06:00
  local time with no setting given.
- circulation-and-nerves: numbness with the cramp, or a cramp at rest away from
  training: setting "at rest" with no session intensity or length logged.

Mineral imbalance is never inferred: the research finds no electrolyte difference
in athletes who cramp, so it counts only when the athlete suspects it.

The trigger profile combines the rules with the causes the athlete suspected:
for each cause, the share of episodes in the window that point to it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from library.models import AthleteGroup, Cause, EvidenceGrade, ExerciseClaim, StrategyClaim, sort_claims

from ..models import CrampEpisode

WINDOW_DAYS = 28


@dataclass(frozen=True)
class Rule:
    cause: str
    reason: str
    holds: object  # callable(episode) -> bool

    def __call__(self, episode):
        return bool(self.holds(episode))


LOW_FLUID = ("none", "low")
HARD_RPE = 7
LONG_MINUTES = 90
NIGHT_ENDS_AT_HOUR = 6  # a cramp from 00:00 to 05:59 with no setting is a night cramp


def hard_or_long_session(episode):
    """The episode came in or after a hard or long session: RPE 7+, 90+ minutes, or a competition. No queries."""
    return (
        (episode.session_rpe or 0) >= HARD_RPE
        or (episode.minutes_into_session or 0) >= LONG_MINUTES
        or episode.setting == CrampEpisode.Setting.COMPETITION
    )


def _has_session_context(episode):
    return episode.session_rpe is not None or episode.minutes_into_session is not None


def rest_after_hard_session(episode):
    """At rest or after training, following a hard or long session (RPE 7+ or 90+ minutes). No queries."""
    return episode.setting in ("rest", "after_training") and hard_or_long_session(episode)


def at_rest_away_from_training(episode):
    """At rest, with no session intensity or length logged that says it followed training. No queries."""
    return episode.setting == "rest" and not _has_session_context(episode)


def small_hours_no_setting(episode):
    """Between 00:00 and 06:00 in the current time zone, with no setting given. No queries."""
    return not episode.setting and timezone.localtime(episode.occurred_at).hour < NIGHT_ENDS_AT_HOUR


def at_night(episode):
    """At night in bed, or in the small hours with no setting given. No queries."""
    return episode.setting == "night" or small_hours_no_setting(episode)


RULES = [
    Rule("dehydration", gettext_lazy("little fluid in the hours before"), lambda e: e.fluid_intake in LOW_FLUID),
    Rule(
        "dehydration",
        gettext_lazy("hot or humid, without plenty to drink"),
        lambda e: e.hot_conditions and e.fluid_intake != "high",
    ),
    Rule(
        "sodium-loss",
        gettext_lazy("heavy sweating with no electrolytes"),
        lambda e: e.heavy_sweating and not e.electrolytes_taken,
    ),
    Rule(
        "neuromuscular-fatigue",
        gettext_lazy("late in a long, hard session"),
        lambda e: (e.minutes_into_session or 0) >= 60 and (e.session_rpe or 0) >= HARD_RPE,
    ),
    Rule(
        "neuromuscular-fatigue",
        gettext_lazy("a hard competition"),
        lambda e: e.setting == "competition" and (e.session_rpe or 0) >= 8,
    ),
    Rule("neuromuscular-fatigue", gettext_lazy("soon after a long or hard session"), rest_after_hard_session),
    Rule("lack-of-conditioning", gettext_lazy("new or harder training"), lambda e: e.new_or_harder_training),
    Rule(
        "lack-of-recovery", gettext_lazy("six or more days without a rest day"), lambda e: (e.days_since_rest or 0) >= 6
    ),
    Rule(
        "lack-of-recovery",
        gettext_lazy("under six hours' sleep"),
        lambda e: e.sleep_hours is not None and e.sleep_hours < 6,
    ),
    Rule("nocturnal-cramps", gettext_lazy("at night in bed"), lambda e: e.setting == "night"),
    Rule("nocturnal-cramps", gettext_lazy("between midnight and 6 am"), small_hours_no_setting),
    Rule("circulation-and-nerves", gettext_lazy("numbness with the cramp"), lambda e: e.numbness),
    Rule("circulation-and-nerves", gettext_lazy("at rest, away from training"), at_rest_away_from_training),
]


def infer_causes(episode):
    """The causes one episode's context points to: {cause slug: [reasons]}. No queries."""
    found = {}
    for rule in RULES:
        if rule(episode):
            found.setdefault(rule.cause, []).append(rule.reason)
    return found


def with_suspicions(episodes):
    """Give each episode `suspected_slugs`, the slugs of the causes its athlete suspected. One query.

    Lighter than prefetch_related for the hundreds of episodes a dashboard reads.
    """
    episodes = list(episodes)
    suspected = {}
    through = CrampEpisode.suspected_causes.through.objects.filter(crampepisode_id__in=[e.pk for e in episodes])
    for episode_id, slug in through.values_list("crampepisode_id", "cause__slug"):
        suspected.setdefault(episode_id, set()).add(slug)
    for episode in episodes:
        episode.suspected_slugs = frozenset(suspected.get(episode.pk, ()))
    return episodes


def episode_cause_slugs(episode):
    """The causes an episode points to: inferred by the rules or suspected by the athlete.

    The episode needs `suspected_slugs` (see with_suspicions). No queries.
    """
    return infer_causes(episode).keys() | episode.suspected_slugs


@dataclass
class CauseShare:
    cause: Cause
    episodes: int
    share: float
    reasons: Counter = field(default_factory=Counter)
    suspected: int = 0

    @property
    def percent(self):
        return round(self.share * 100)

    @property
    def reason_counts(self):
        """[(reason, episodes)], most common first (a template cannot call `reasons.most_common`)."""
        return self.reasons.most_common()

    @property
    def explanation(self):
        parts = [f"{reason} ({n}×)" for reason, n in self.reasons.most_common()]
        if self.suspected:
            parts.append(gettext("you suspected it %(n)s×") % {"n": self.suspected})
        return "; ".join(parts)


def episodes_in_window(athlete, *, days=WINDOW_DAYS, now=None):
    """The athlete's episodes of the last `days` days, with suspected causes prefetched. Two queries."""
    now = now or timezone.now()
    return with_suspicions(
        CrampEpisode.objects.filter(athlete=athlete, occurred_at__gt=now - timedelta(days=days)).order_by(
            "-occurred_at"
        )
    )


def trigger_profile(episodes, *, causes=None):
    """Each cause's share of these episodes, most common first. One query unless `causes` is given.

    An episode counts once for a cause, whether a rule inferred it, the athlete
    suspected it, or both. `episodes` need `suspected_slugs` (see with_suspicions).
    """
    causes = {c.slug: c for c in (causes if causes is not None else Cause.objects.all())}
    total = len(episodes)
    shares = {}
    for episode in episodes:
        inferred = infer_causes(episode)
        suspected = episode.suspected_slugs
        for slug in inferred.keys() | suspected:
            if slug not in causes:
                continue
            entry = shares.setdefault(slug, CauseShare(cause=causes[slug], episodes=0, share=0.0))
            entry.episodes += 1
            entry.reasons.update(inferred.get(slug, []))
            entry.suspected += slug in suspected
    for entry in shares.values():
        entry.share = entry.episodes / total
    return sorted(shares.values(), key=lambda s: (-s.episodes, s.cause.order, s.cause.name))


def _best_evidence_first(claims, item_field, limit):
    """Group claims by item; each item gets `advice_claims` (best first) and items are ranked by their best.

    An item whose best claim on these causes is contradicted is marked `not_recommended`.
    """
    items, claims_of = {}, {}
    for claim in claims:
        item = getattr(claim, item_field)
        items.setdefault(item.pk, item)
        claims_of.setdefault(item.pk, []).append(claim)
    for pk, item in items.items():
        item.advice_claims = sort_claims(claims_of[pk])
        item.not_recommended = item.advice_claims[0].grade == EvidenceGrade.CONTRADICTED
    ranked = sorted(items.values(), key=lambda i: (i.advice_claims[0].grade_rank, i.order, i.name))
    return ranked[:limit]


def advice_for(profile_shares, *, athlete_group, top=3, limit=6):
    """Library strategies (for all or this athlete group) and exercises for the top causes, best evidence first.

    Each item carries `advice_claims`: its graded claims on those causes, best first.
    An item is ranked by its best claim on them, so an item the studies contradict
    for these causes comes last. Two queries, none when there is no cause.
    """
    causes = [share.cause for share in profile_shares[:top]]
    if not causes:
        return [], []
    strategy_claims = StrategyClaim.objects.filter(
        cause__in=causes, strategy__athlete_group__in=[AthleteGroup.ALL, athlete_group]
    ).select_related("strategy", "cause", "reference")
    exercise_claims = ExerciseClaim.objects.filter(cause__in=causes).select_related("exercise", "cause", "reference")
    return (
        _best_evidence_first(strategy_claims, "strategy", limit),
        _best_evidence_first(exercise_claims, "exercise", limit),
    )
