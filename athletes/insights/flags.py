"""Red flags: warning signs and patterns that mean the athlete should see a healthcare professional."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import dateformat, timezone
from django.utils.text import capfirst

from library.models import RedFlag

from ..models import CrampEpisode
from .triggers import WINDOW_DAYS

# Red flags ---------------------------------------------------------------
#
# Warning signs on any episode of the window raise their flag. A same-day or
# emergency flag stays urgent only while its episode is recent (48 hours);
# after that it still shows, as "book an appointment".
# Patterns: 12+ cramps in 28 days, or a 10/10 cramp, or two of 8+/10 (frequent
# or severe); at least double the 28 days before, from at least one, and 4+
# (rising); 3+ night cramps (sleep); 3+ cramps at rest (no obvious cause).
# Muscle weakness after hard exercise also raises the same-day rhabdomyolysis
# flag, as dark urine does.

URGENCY_RANK = {RedFlag.Urgency.EMERGENCY: 0, RedFlag.Urgency.SAME_DAY: 1, RedFlag.Urgency.SOON: 2}
URGENT_FOR = timedelta(hours=48)

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

FREQUENT_PER_28_DAYS = 12  # three a week
SEVERE_AT = 8
SEVERE_EPISODES = 2
WORST = 10
RISING_MIN_EPISODES = 4
NIGHT_EPISODES = 3
REST_EPISODES = 3
HARD_EXERCISE_SETTINGS = ("training", "competition", "after_training")


@dataclass(frozen=True)
class Reason:
    text: str
    recent: bool = True  # False: the episode behind it is older than URGENT_FOR


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
    return dateformat.format(timezone.localtime(when), "j M")


def _after_hard_exercise(episode):
    return episode.setting in HARD_EXERCISE_SETTINGS or (episode.session_rpe or 0) >= 7


def red_flag_reasons(episodes, *, previous_count=0, now=None):
    """Which red flags these recent episodes raise: {slug: Reason}. No queries.

    `episodes` are the last 28 days' episodes, newest first (so a reason names
    the latest); `previous_count` is how many the athlete had in the 28 days
    before, for the rising-frequency rule.
    """
    now = now or timezone.now()
    reasons = {}

    def note(slug, episode, text):
        reasons.setdefault(slug, Reason(text, recent=now - episode.occurred_at <= URGENT_FOR))

    for episode in episodes:
        for sign, slug in CrampEpisode.WARNING_SIGNS.items():
            if getattr(episode, sign):
                label = capfirst(episode._meta.get_field(sign).verbose_name)
                note(slug, episode, f"{label} logged on {_date(episode.occurred_at)}.")
        if episode.muscle_weakness and _after_hard_exercise(episode):
            note(
                "dark-urine",
                episode,
                f"Muscle weakness after hard exercise logged on {_date(episode.occurred_at)}.",
            )
        if episode.duration_minutes is not None and episode.duration_minutes > 10:
            minutes = f"{float(episode.duration_minutes):g}"
            note("long-cramp", episode, f"A cramp on {_date(episode.occurred_at)} lasted {minutes} minutes.")
    count = len(episodes)
    severe = sum(e.severity >= SEVERE_AT for e in episodes)
    worst = next((e for e in episodes if e.severity >= WORST), None)
    if count >= FREQUENT_PER_28_DAYS:
        reasons["frequent-or-severe"] = Reason(f"{count} cramps in the last {WINDOW_DAYS} days.")
    elif severe >= SEVERE_EPISODES:
        reasons["frequent-or-severe"] = Reason(
            f"{severe} severe cramps (8 or more out of 10) in the last {WINDOW_DAYS} days."
        )
    elif worst:
        reasons["frequent-or-severe"] = Reason(f"A 10/10 cramp on {_date(worst.occurred_at)}.")
    if previous_count and count >= RISING_MIN_EPISODES and count >= 2 * previous_count:
        reasons["rising-frequency"] = Reason(
            f"{count} cramps in the last {WINDOW_DAYS} days, against {previous_count} the {WINDOW_DAYS} days before."
        )
    nights = sum(e.setting == "night" for e in episodes)
    if nights >= NIGHT_EPISODES:
        reasons["sleep-disturbing"] = Reason(f"{nights} cramps at night in bed in the last {WINDOW_DAYS} days.")
    at_rest = sum(e.setting == "rest" for e in episodes)
    if at_rest >= REST_EPISODES:
        reasons["no-obvious-cause"] = Reason(
            f"{at_rest} cramps at rest, away from training, in the last {WINDOW_DAYS} days."
        )
    return reasons


def flag_wording(slugs):
    """The library's red-flag rows for these slugs: {slug: RedFlag}. One query (none for no slugs)."""
    slugs = set(slugs)
    return {flag.slug: flag for flag in RedFlag.objects.filter(slug__in=slugs)} if slugs else {}


def raise_flags(reasons, *, wording=None):
    """Turn {slug: Reason} into RaisedFlags with the library's wording, most urgent first.

    One query unless `wording` (from flag_wording) is given.
    """
    wording = flag_wording(reasons) if wording is None else wording
    raised = []
    for slug, reason in reasons.items():
        default_title, urgency = FLAG_DEFAULTS[slug]
        flag = wording.get(slug)
        urgency = flag.urgency if flag else urgency
        text = reason.text
        if not reason.recent and urgency != RedFlag.Urgency.SOON:
            urgency = RedFlag.Urgency.SOON
            text += " That was more than two days ago: if you are not back to normal, seek care today."
        raised.append(
            RaisedFlag(
                slug=slug,
                title=flag.title if flag else default_title,
                urgency=urgency,
                guidance=flag.guidance if flag else "See a healthcare professional.",
                reason=text,
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


def red_flags_for(athlete, *, episodes=None, now=None):
    """The red flags the athlete's recent episodes raise, most urgent first.

    Pass the window's `episodes` (newest first) if already loaded. Two queries
    (one with `episodes`), plus one if any flag is raised.
    """
    if episodes is None:
        since = (now or timezone.now()) - timedelta(days=WINDOW_DAYS)
        episodes = list(athlete.episodes.filter(occurred_at__gt=since).order_by("-occurred_at"))
    previous = previous_window_count(athlete, now=now)
    return raise_flags(red_flag_reasons(episodes, previous_count=previous, now=now))
