"""Reading and aggregating cramp episodes: likely causes, the trigger profile, trends, red flags.

Inference rules
---------------
Each rule reads one episode's context and, when it holds, names a library cause
(by slug) and says why in words a person can check. The rules are deliberately
simple and conservative; they point at likely contributors, they do not diagnose.

- dehydration: almost no fluid or under 500 ml in the last hours.
- sodium-loss: heavy sweating or salt marks, with no electrolytes or salty food taken.
- neuromuscular-fatigue: an hour or more into a hard session (RPE 7+), or a hard
  competition (RPE 8+).
- lack-of-conditioning: new or harder training lately.
- lack-of-recovery: six or more days since the last rest day, or under six hours' sleep.
- nocturnal-cramps: the cramp came at night in bed.
- circulation-and-nerves: numbness with the cramp, or a cramp at rest, away from training.

Mineral imbalance is never inferred: the research finds no electrolyte difference
in athletes who cramp, so it counts only when the athlete suspects it.

The trigger profile combines the rules with the causes the athlete suspected:
for each cause, the share of episodes in the window that point to it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from library.models import Cause, RedFlag

from .models import CrampEpisode

WINDOW_DAYS = 28


@dataclass(frozen=True)
class Rule:
    cause: str
    reason: str
    holds: object  # callable(episode) -> bool

    def __call__(self, episode):
        return bool(self.holds(episode))


def _hard_and_late(e):
    late_in_hard_session = (e.minutes_into_session or 0) >= 60 and (e.session_rpe or 0) >= 7
    hard_competition = e.setting == CrampEpisode.Setting.COMPETITION and (e.session_rpe or 0) >= 8
    return late_in_hard_session or hard_competition


RULES = [
    Rule(
        "dehydration",
        "little fluid in the hours before",
        lambda e: e.fluid_intake in (CrampEpisode.Fluid.NONE, CrampEpisode.Fluid.LOW),
    ),
    Rule(
        "sodium-loss",
        "heavy sweating with no electrolytes",
        lambda e: e.heavy_sweating and not e.electrolytes_taken,
    ),
    Rule("neuromuscular-fatigue", "late in a long, hard session", _hard_and_late),
    Rule("lack-of-conditioning", "new or harder training", lambda e: e.new_or_harder_training),
    Rule("lack-of-recovery", "six or more days without a rest day", lambda e: (e.days_since_rest or 0) >= 6),
    Rule(
        "lack-of-recovery",
        "under six hours' sleep",
        lambda e: e.sleep_hours is not None and e.sleep_hours < 6,
    ),
    Rule("nocturnal-cramps", "at night in bed", lambda e: e.setting == CrampEpisode.Setting.NIGHT),
    Rule("circulation-and-nerves", "numbness with the cramp", lambda e: e.numbness),
    Rule(
        "circulation-and-nerves",
        "at rest, away from training",
        lambda e: e.setting == CrampEpisode.Setting.REST,
    ),
]


def infer_causes(episode):
    """The causes one episode's context points to: {cause slug: [reasons]}. No queries."""
    found = {}
    for rule in RULES:
        if rule(episode):
            found.setdefault(rule.cause, []).append(rule.reason)
    return found


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
    def explanation(self):
        parts = [f"{reason} ({n}×)" for reason, n in self.reasons.most_common()]
        if self.suspected:
            parts.append(f"you suspected it {self.suspected}×")
        return "; ".join(parts)


def episodes_in_window(athlete, *, days=WINDOW_DAYS, now=None):
    """The athlete's episodes of the last `days` days, with suspected causes prefetched. Two queries."""
    now = now or timezone.now()
    return list(
        CrampEpisode.objects.filter(athlete=athlete, occurred_at__gt=now - timedelta(days=days))
        .prefetch_related("suspected_causes")
        .order_by("-occurred_at")
    )


def trigger_profile(episodes, *, causes=None):
    """Each cause's share of these episodes, most common first. One query unless `causes` is given.

    An episode counts once for a cause, whether a rule inferred it, the athlete
    suspected it, or both. `episodes` must have `suspected_causes` prefetched.
    """
    causes = {c.slug: c for c in (causes if causes is not None else Cause.objects.all())}
    total = len(episodes)
    shares = {}
    for episode in episodes:
        inferred = infer_causes(episode)
        suspected = {c.slug for c in episode.suspected_causes.all()}
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


def weekly_counts(athlete, *, weeks=8, now=None):
    """Episodes per week for the last `weeks` weeks, oldest first: [(week start date, count)]. One query."""
    now = now or timezone.now()
    start = now - timedelta(weeks=weeks)
    times = CrampEpisode.objects.filter(athlete=athlete, occurred_at__gt=start).values_list("occurred_at", flat=True)
    counts = [0] * weeks
    for when in times:
        index = min(int((when - start) / timedelta(weeks=1)), weeks - 1)
        counts[index] += 1
    return [((start + timedelta(weeks=i, days=1)).date(), n) for i, n in enumerate(counts)]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    height: int


def chart_bars(series, *, height=100, bar_width=28, gap=8):
    """Geometry for a server-rendered SVG bar chart of [(label, value)]. No queries."""
    top = max((value for _, value in series), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(series):
        bar_height = round(value / top * height)
        bars.append(Bar(str(label), value, i * (bar_width + gap), height - bar_height, bar_height))
    return bars


def time_of_day(when):
    hour = timezone.localtime(when).hour
    if hour < 6:
        return "Night (0–6 h)"
    if hour < 12:
        return "Morning (6–12 h)"
    if hour < 18:
        return "Afternoon (12–18 h)"
    return "Evening (18–24 h)"


def breakdowns(episodes):
    """Where and when the episodes happened: counts by muscle, setting and time of day. No queries."""
    return {
        "muscles": Counter(e.get_muscle_display() for e in episodes).most_common(),
        "settings": Counter(e.get_setting_display() or "Not given" for e in episodes).most_common(),
        "times": Counter(time_of_day(e.occurred_at) for e in episodes).most_common(),
    }


# Red flags ---------------------------------------------------------------

URGENCY_RANK = {RedFlag.Urgency.EMERGENCY: 0, RedFlag.Urgency.SAME_DAY: 1, RedFlag.Urgency.SOON: 2}

# Used when the library has no row for a flag, so a warning is never lost.
FLAG_DEFAULTS = {
    "muscle-weakness": ("Cramps with muscle weakness", RedFlag.Urgency.SOON),
    "leg-swelling": ("Swelling, redness or skin changes of the leg", RedFlag.Urgency.SOON),
    "numbness": ("Numbness with cramps", RedFlag.Urgency.SOON),
    "dark-urine": ("Dark urine, severe pain or weakness after hard exercise", RedFlag.Urgency.SAME_DAY),
    "vomiting": ("Vomiting or unable to keep fluids down", RedFlag.Urgency.EMERGENCY),
    "long-cramp": ("A cramp lasting more than 10 minutes", RedFlag.Urgency.SAME_DAY),
    "frequent-or-severe": ("Frequent or severe cramps", RedFlag.Urgency.SOON),
    "rising-frequency": ("Cramps becoming more frequent", RedFlag.Urgency.SOON),
    "sleep-disturbing": ("Night cramps that keep breaking your sleep", RedFlag.Urgency.SOON),
    "no-obvious-cause": ("Cramps without an obvious cause", RedFlag.Urgency.SOON),
}

WARNING_SIGN_FLAGS = {
    "muscle_weakness": "muscle-weakness",
    "leg_swelling": "leg-swelling",
    "numbness": "numbness",
    "dark_urine": "dark-urine",
    "vomiting": "vomiting",
}

FREQUENT_PER_28_DAYS = 12  # three a week
SEVERE_AT = 8
SEVERE_EPISODES = 2
RISING_MIN_EPISODES = 4
NIGHT_EPISODES = 3
REST_EPISODES = 3


@dataclass
class RaisedFlag:
    slug: str
    title: str
    urgency: str
    guidance: str
    reason: str

    @property
    def urgency_label(self):
        return RedFlag.Urgency(self.urgency).label

    @property
    def is_urgent(self):
        return self.urgency != RedFlag.Urgency.SOON


def _date(when):
    return timezone.localtime(when).strftime("%-d %b")


def red_flag_reasons(episodes, *, previous_count=0):
    """Which red flags these recent episodes raise: {slug: reason}. No queries.

    `episodes` are the last 28 days' episodes; `previous_count` is how many the
    athlete had in the 28 days before, for the rising-frequency rule.
    """
    reasons = {}
    for episode in episodes:  # newest first, so the reason names the latest
        for sign, slug in WARNING_SIGN_FLAGS.items():
            if getattr(episode, sign):
                reasons.setdefault(
                    slug,
                    f"You logged {episode._meta.get_field(sign).verbose_name} on {_date(episode.occurred_at)}.",
                )
        if episode.duration_minutes is not None and episode.duration_minutes > 10:
            reasons.setdefault(
                "long-cramp",
                f"A cramp on {_date(episode.occurred_at)} lasted {episode.duration_minutes:g} minutes.",
            )
    count = len(episodes)
    severe = sum(e.severity >= SEVERE_AT for e in episodes)
    if count >= FREQUENT_PER_28_DAYS:
        reasons["frequent-or-severe"] = f"{count} cramps in the last {WINDOW_DAYS} days."
    elif severe >= SEVERE_EPISODES:
        reasons["frequent-or-severe"] = f"{severe} severe cramps (8 or more out of 10) in the last {WINDOW_DAYS} days."
    if count >= RISING_MIN_EPISODES and count >= 2 * max(previous_count, 1):
        reasons["rising-frequency"] = (
            f"{count} cramps in the last {WINDOW_DAYS} days, against {previous_count} the {WINDOW_DAYS} days before."
        )
    nights = sum(e.setting == CrampEpisode.Setting.NIGHT for e in episodes)
    if nights >= NIGHT_EPISODES:
        reasons["sleep-disturbing"] = f"{nights} cramps woke you at night in the last {WINDOW_DAYS} days."
    at_rest = sum(e.setting == CrampEpisode.Setting.REST for e in episodes)
    if at_rest >= REST_EPISODES:
        reasons["no-obvious-cause"] = f"{at_rest} cramps at rest, away from training, in the last {WINDOW_DAYS} days."
    return reasons


def raise_flags(reasons):
    """Turn {slug: reason} into RaisedFlags with the library's wording, most urgent first. One query."""
    if not reasons:
        return []
    library = {flag.slug: flag for flag in RedFlag.objects.filter(slug__in=reasons)}
    raised = []
    for slug, reason in reasons.items():
        default_title, default_urgency = FLAG_DEFAULTS[slug]
        flag = library.get(slug)
        raised.append(
            RaisedFlag(
                slug=slug,
                title=flag.title if flag else default_title,
                urgency=flag.urgency if flag else default_urgency,
                guidance=flag.guidance if flag else "See a healthcare professional.",
                reason=reason,
            )
        )
    return sorted(raised, key=lambda f: URGENCY_RANK[f.urgency])


def previous_window_count(athlete, *, now=None):
    """How many episodes the athlete had in the 28 days before the current window. One query."""
    now = now or timezone.now()
    return CrampEpisode.objects.filter(
        athlete=athlete,
        occurred_at__gt=now - timedelta(days=2 * WINDOW_DAYS),
        occurred_at__lte=now - timedelta(days=WINDOW_DAYS),
    ).count()


def red_flags_for(athlete, *, now=None):
    """The red flags the athlete's recent episodes raise. Two queries, three if any flag is raised."""
    episodes = CrampEpisode.objects.filter(
        athlete=athlete, occurred_at__gt=(now or timezone.now()) - timedelta(days=WINDOW_DAYS)
    ).order_by("-occurred_at")
    return raise_flags(red_flag_reasons(list(episodes), previous_count=previous_window_count(athlete, now=now)))
