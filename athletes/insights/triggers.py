"""Reading and aggregating cramp episodes: the causes each points to, and the trigger profile.

The rules themselves are in trigger_rules. The trigger profile combines the rules with the causes
the athlete suspected: for each cause, the share of episodes in the window that point to it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from library.models import (
    AthleteGroup,
    Cause,
    ClaimPurpose,
    EvidenceGrade,
    ExerciseClaim,
    StrategyClaim,
    sort_claims,
)

from ..models import CrampEpisode
from .trigger_rules import RULES

WINDOW_DAYS = 28


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
        """The reasons, for the athlete: '… (2×); you suspected it 1×'. No queries."""
        return self.explained()

    def explained(self, about=None):
        """The reasons and how often the athlete suspected the cause, in words for whoever reads them:
        the athlete ('you suspected it 2×'), or with `about`, the athlete's name, anyone else
        ('Sam suspected it 2×'). No queries."""
        parts = [f"{reason} ({n}×)" for reason, n in self.reasons.most_common()]
        if self.suspected and about:
            parts.append(gettext("%(name)s suspected it %(n)s×") % {"name": about, "n": self.suspected})
        elif self.suspected:
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
    """Group claims by item; each item gets `advice_claims` (best first) and items are ranked by their best
    prevention claim, after the safety rules (an item with only safety claims: never over-drink), which
    come first so that they are never cut off.

    An item whose best prevention claim on these causes is contradicted is marked `not_recommended`.
    """
    items, claims_of = {}, {}
    for claim in claims:
        item = getattr(claim, item_field)
        items.setdefault(item.pk, item)
        claims_of.setdefault(item.pk, []).append(claim)
    for pk, item in items.items():
        item.advice_claims = sort_claims(claims_of[pk])
        prevention = [claim for claim in item.advice_claims if claim.purpose == ClaimPurpose.PREVENTS]
        item.safety_rule = not prevention
        item.not_recommended = bool(prevention) and prevention[0].grade == EvidenceGrade.CONTRADICTED
        item.best_rank = prevention[0].grade_rank if prevention else 0
    ranked = sorted(items.values(), key=lambda i: (not i.safety_rule, i.best_rank, i.order, i.name))
    return ranked[:limit]


def advice_for(profile_shares, *, athlete_group, top=3, limit=6):
    """Library strategies (for all or this athlete group) and exercises for the top causes, best evidence first.

    Each item carries `advice_claims`: its graded claims on those causes, best first.
    An item is ranked by its best prevention claim on them, so an item the studies
    contradict for these causes comes last; safety rules (never over-drink, no quinine)
    come first, labelled as such, and rank nothing. What eases a cramp in progress is no
    evidence that it prevents the next, so relief claims are left out (library.ClaimPurpose).
    Two queries, none when there is no cause.
    """
    causes = [share.cause for share in profile_shares[:top]]
    if not causes:
        return [], []
    shown = [ClaimPurpose.PREVENTS, ClaimPurpose.SAFETY]
    strategy_claims = StrategyClaim.objects.filter(
        cause__in=causes, purpose__in=shown, strategy__athlete_group__in=[AthleteGroup.ALL, athlete_group]
    ).select_related("strategy", "cause", "reference")
    exercise_claims = ExerciseClaim.objects.filter(cause__in=causes, purpose__in=shown).select_related(
        "exercise", "cause", "reference"
    )
    return (
        _best_evidence_first(strategy_claims, "strategy", limit),
        _best_evidence_first(exercise_claims, "exercise", limit),
    )
