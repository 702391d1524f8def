"""Reading and aggregating cramp episodes: likely causes, the trigger profile, trends, red flags.

Inference rules
---------------
Each rule reads one episode's context and, when it holds, names a library cause
(by slug) and says why in words a person can check. The rules are deliberately
simple and conservative; they point at likely contributors, they do not diagnose.

- dehydration: almost no fluid or under 500 ml in the last hours; or hot or humid
  conditions without more than a litre to drink.
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

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import models
from django.utils import dateformat, timezone
from django.utils.text import capfirst

from library.models import AthleteGroup, Cause, Exercise, RedFlag, Strategy

from .models import CrampEpisode, RoutineAssignment

WINDOW_DAYS = 28


@dataclass(frozen=True)
class Rule:
    cause: str
    reason: str
    holds: object  # callable(episode) -> bool

    def __call__(self, episode):
        return bool(self.holds(episode))


LOW_FLUID = ("none", "low")

RULES = [
    Rule("dehydration", "little fluid in the hours before", lambda e: e.fluid_intake in LOW_FLUID),
    Rule(
        "dehydration",
        "hot or humid, without plenty to drink",
        lambda e: e.hot_conditions and e.fluid_intake != "high",
    ),
    Rule("sodium-loss", "heavy sweating with no electrolytes", lambda e: e.heavy_sweating and not e.electrolytes_taken),
    Rule(
        "neuromuscular-fatigue",
        "late in a long, hard session",
        lambda e: (e.minutes_into_session or 0) >= 60 and (e.session_rpe or 0) >= 7,
    ),
    Rule(
        "neuromuscular-fatigue",
        "a hard competition",
        lambda e: e.setting == "competition" and (e.session_rpe or 0) >= 8,
    ),
    Rule("lack-of-conditioning", "new or harder training", lambda e: e.new_or_harder_training),
    Rule("lack-of-recovery", "six or more days without a rest day", lambda e: (e.days_since_rest or 0) >= 6),
    Rule("lack-of-recovery", "under six hours' sleep", lambda e: e.sleep_hours is not None and e.sleep_hours < 6),
    Rule("nocturnal-cramps", "at night in bed", lambda e: e.setting == "night"),
    Rule("circulation-and-nerves", "numbness with the cramp", lambda e: e.numbness),
    Rule("circulation-and-nerves", "at rest, away from training", lambda e: e.setting == "rest"),
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
    def explanation(self):
        parts = [f"{reason} ({n}×)" for reason, n in self.reasons.most_common()]
        if self.suspected:
            parts.append(f"you suspected it {self.suspected}×")
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


def advice_for(profile_shares, *, athlete_group, top=3, limit=6):
    """Library strategies (for all or this athlete group) and exercises for the top causes.

    Two queries, none when there is no cause.
    """
    causes = [share.cause for share in profile_shares[:top]]
    if not causes:
        return [], []
    strategies = (
        Strategy.objects.filter(causes__in=causes, athlete_group__in=[AthleteGroup.ALL, athlete_group])
        .distinct()
        .order_by("order", "name")[:limit]
    )
    exercises = Exercise.objects.filter(causes__in=causes).distinct().order_by("order", "name")[:limit]
    return list(strategies), list(exercises)


def weekly_counts(athlete, *, weeks=8, now=None):
    """Episodes per calendar week (Monday to Sunday, local time), this week last. One query.

    Returns [(Monday's date, count)] for the last `weeks` weeks, oldest first.
    """
    today = timezone.localdate(now or timezone.now())
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    times = CrampEpisode.objects.filter(athlete=athlete, occurred_at__gte=_local_midnight(first_monday)).values_list(
        "occurred_at", flat=True
    )
    counts = [0] * weeks
    for when in times:
        index = (timezone.localdate(when) - first_monday).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return [(first_monday + timedelta(weeks=i), n) for i, n in enumerate(counts)]


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


def weekly_chart(athlete, *, now=None):
    """Bars of episodes per week over the last eight weeks, labelled by week start. One query."""
    return chart_bars([(dateformat.format(week, "j M"), n) for week, n in weekly_counts(athlete, now=now)])


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


# Routines: adherence and whether they worked --------------------------------

MIN_DAYS_FOR_EFFECT = 14
BEFORE_DAYS = 28


def sessions_due(assignment, *, today):
    """Sessions the plan expected by the end of `today`: pro rata by day, capped at the plan. No queries."""
    if today < assignment.start_date:
        return 0
    last = min(today, assignment.end_date)
    days = (last - assignment.start_date).days + 1
    return min(math.ceil(days * assignment.sessions_per_week / 7), assignment.sessions_per_week * assignment.weeks)


def adherence(assignment, *, sessions_done, today):
    """Sessions done / sessions due so far, at most 1; None before anything is due. No queries."""
    due = sessions_due(assignment, today=today)
    if not due:
        return None
    return min(sessions_done / due, 1.0)


@dataclass(frozen=True)
class Effect:
    """Episodes per week in the 28 days before a routine against the time since it started."""

    before: int
    after: int
    days_since: int
    before_per_week: float
    after_per_week: float | None

    @property
    def enough_data(self):
        return self.days_since >= MIN_DAYS_FOR_EFFECT

    @property
    def change(self):
        """Fractional change in episodes per week (-0.5 = half as many), or None if it cannot be said."""
        if not self.enough_data or not self.before:
            return None
        return self.after_per_week / self.before_per_week - 1

    @property
    def change_percent(self):
        return None if self.change is None else round(self.change * 100)

    @property
    def verdict(self):
        """The change in words: '40% fewer cramps', '25% more cramps' or 'No change'."""
        percent = self.change_percent
        if percent is None:
            return ""
        if percent < 0:
            return f"{-percent}% fewer cramps"
        return f"{percent}% more cramps" if percent > 0 else "No change"


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def routine_effect(assignment, episode_times, *, today):
    """Compare episode rates before and since `assignment` started. No queries.

    `episode_times` are the athlete's episode datetimes; any outside the two
    periods are ignored.
    """
    start = _local_midnight(assignment.start_date)
    end = _local_midnight(min(today, assignment.end_date) + timedelta(days=1))
    before = sum(start - timedelta(days=BEFORE_DAYS) <= t < start for t in episode_times)
    after = sum(start <= t < end for t in episode_times)
    days_since = max((end - start).days, 0)
    return Effect(
        before=before,
        after=after,
        days_since=days_since,
        before_per_week=before / (BEFORE_DAYS / 7),
        after_per_week=after / (days_since / 7) if days_since else None,
    )


@dataclass(frozen=True)
class Progress:
    """Where an assignment stands: sessions done and due, adherence, and whether it worked."""

    assignment: RoutineAssignment
    done: int
    due: int
    adherence: float | None
    effect: Effect


def routine_progress(assignment, *, sessions_done, episode_times, today):
    """Progress of one assignment from its session count and the athlete's episode times. No queries."""
    return Progress(
        assignment=assignment,
        done=sessions_done,
        due=sessions_due(assignment, today=today),
        adherence=adherence(assignment, sessions_done=sessions_done, today=today),
        effect=routine_effect(assignment, episode_times, today=today),
    )


def _before_first_start(assignments):
    """Local midnight 28 days before the earliest of these assignments starts."""
    return _local_midnight(min(a.start_date for a in assignments) - timedelta(days=BEFORE_DAYS))


def episode_times_by_athlete(athlete_ids, *, since):
    """{athlete id: [episode datetimes since `since`]}. One query."""
    times = {athlete_id: [] for athlete_id in athlete_ids}
    rows = CrampEpisode.objects.filter(athlete_id__in=athlete_ids, occurred_at__gte=since).values_list(
        "athlete_id", "occurred_at"
    )
    for athlete_id, when in rows:
        times[athlete_id].append(when)
    return times


def episode_times_for_assignments(athlete, assignments):
    """The athlete's episode datetimes from 28 days before the earliest assignment. One query, none without any."""
    if not assignments:
        return []
    return episode_times_by_athlete([athlete.pk], since=_before_first_start(assignments))[athlete.pk]


def template_effects(assignments, *, today):
    """Average change per routine template over assignments with enough data. One query.

    Returns [(template name, average change percent, number of assignments)],
    best (most negative) first; assignments without a template or a before-rate are left out.
    """
    assignments = [a for a in assignments if a.template_id]
    if not assignments:
        return []
    times = episode_times_by_athlete({a.athlete_id for a in assignments}, since=_before_first_start(assignments))
    changes = {}
    for assignment in assignments:
        change = routine_effect(assignment, times[assignment.athlete_id], today=today).change
        if change is not None:
            changes.setdefault(assignment.template.name, []).append(change)
    averages = [(name, round(sum(c) / len(c) * 100), len(c)) for name, c in changes.items()]
    return sorted(averages, key=lambda row: row[1])


# The coach dashboard ---------------------------------------------------------

LOW_ADHERENCE = 0.5


@dataclass
class AthleteRow:
    athlete: object
    last_7: int
    last_28: int
    previous_28: int
    top_causes: list
    last_episode: object
    flags: list
    assignment: object
    adherence: float | None

    @property
    def trend(self):
        """'new', 'rising', 'falling' or 'steady': the last 28 days against the 28 before.

        'new' means nothing in the 28 days before to compare with.
        """
        if not self.previous_28:
            return "new" if self.last_28 else "steady"
        if self.last_28 > self.previous_28 * 1.25 and self.last_28 - self.previous_28 >= 2:
            return "rising"
        if self.last_28 < self.previous_28 * 0.75 and self.previous_28 - self.last_28 >= 2:
            return "falling"
        return "steady"

    @property
    def adherence_percent(self):
        return None if self.adherence is None else round(self.adherence * 100)

    @property
    def has_urgent_flag(self):
        return any(flag.is_urgent for flag in self.flags)

    @property
    def low_adherence(self):
        return self.adherence is not None and self.adherence < LOW_ADHERENCE

    @property
    def attention(self):
        """Why this athlete needs a look, most pressing first."""
        reasons = []
        if self.has_urgent_flag:
            reasons.append("urgent red flag")
        elif self.flags:
            reasons.append("red flag")
        if self.trend == "rising":
            reasons.append("episodes rising")
        if self.low_adherence:
            reasons.append("low adherence")
        return reasons

    def sort_key(self):
        """The order of `attention`: urgent flags, flags, rising, low adherence; then most episodes."""
        return (
            not self.has_urgent_flag,
            not self.flags,
            self.trend != "rising",
            not self.low_adherence,
            -self.last_28,
            self.athlete.display_name.lower(),
        )


def dashboard_rows(athletes, *, now=None):
    """One row per athlete, those who need attention first. Six or seven queries, whatever the number of athletes.

    Reads 56 days of episodes for all the athletes at once and computes the rest in Python.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    athletes = list(athletes)
    ids = [a.pk for a in athletes]
    episodes = with_suspicions(
        CrampEpisode.objects.filter(athlete_id__in=ids, occurred_at__gt=now - timedelta(days=2 * WINDOW_DAYS)).order_by(
            "-occurred_at"
        )
    )
    recent, previous = {pk: [] for pk in ids}, Counter()
    window_start = now - timedelta(days=WINDOW_DAYS)
    for episode in episodes:
        if episode.occurred_at > window_start:
            recent[episode.athlete_id].append(episode)
        else:
            previous[episode.athlete_id] += 1
    last_episodes = dict(
        CrampEpisode.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(last=models.Max("occurred_at"))
        .values_list("athlete_id", "last")
    )
    assignments = {
        a.athlete_id: a
        for a in RoutineAssignment.objects.filter(athlete_id__in=ids, is_active=True).annotate(
            sessions_done=models.Count("sessions")
        )
    }
    causes = list(Cause.objects.all())
    reasons = {pk: red_flag_reasons(recent[pk], previous_count=previous[pk], now=now) for pk in ids}
    wording = flag_wording(slug for athlete_reasons in reasons.values() for slug in athlete_reasons)
    rows = []
    for athlete in athletes:
        window = recent[athlete.pk]
        assignment = assignments.get(athlete.pk)
        rows.append(
            AthleteRow(
                athlete=athlete,
                last_7=sum(e.occurred_at > now - timedelta(days=7) for e in window),
                last_28=len(window),
                previous_28=previous[athlete.pk],
                top_causes=[share.cause for share in trigger_profile(window, causes=causes)[:2]] if window else [],
                last_episode=last_episodes.get(athlete.pk),
                flags=raise_flags(reasons[athlete.pk], wording=wording),
                assignment=assignment,
                adherence=adherence(assignment, sessions_done=assignment.sessions_done, today=today)
                if assignment
                else None,
            )
        )
    return sorted(rows, key=AthleteRow.sort_key)
