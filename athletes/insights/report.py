"""The report for a clinician: an athlete's last 90 days on one page, for the screen, print and PDF.

It gathers what the other insights modules work out (the trigger profile, red flags, the body map,
when the cramps came, every plan with its adherence and before/after) over a longer window, read
once. Run it in the athlete's zone (`in_zone_of`), whoever asks: weeks and times are theirs.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import dateformat, timezone

from ..models import AthleteProfile
from .body_map import BodyMap, shaded_body_map
from .charts import breakdowns, chart_bars
from .evidence import episode_evidence
from .flags import RaisedFlags, red_flags_for
from .history import plan_history
from .triggers import WINDOW_DAYS, episodes_in_window, trigger_profile

REPORT_DAYS = 90
BAR_STEP = 36  # each week's bar and the gap after it, in the chart's SVG units


@dataclass(frozen=True)
class Report:
    athlete: object
    profile: AthleteProfile
    since: date  # the first and last day covered, in the athlete's zone
    until: date
    episodes: list  # newest first, with `suspected_slugs`
    weeks: list  # charts.Bar, one per calendar week (Monday to Sunday), oldest first
    where: BodyMap
    when: dict  # breakdowns: settings and times of day
    causes: list  # triggers.CauseShare over the whole report
    red_flags: RaisedFlags  # of the last 28 days, as the athlete and coach see them
    plans: list  # history.PlanRecord of the plans that ran during the report, newest first

    days = REPORT_DAYS
    flag_days = WINDOW_DAYS

    @property
    def chart_width(self):
        return len(self.weeks) * BAR_STEP - (BAR_STEP - 28)

    @property
    def medicines(self):
        """The medicines in the profile, in words; the free-text ones last."""
        listed = list(self.profile.medicines_listed)
        return [*listed, self.profile.other_medicines] if self.profile.other_medicines else listed

    @property
    def evidence(self):
        """Whether the report's episodes make a pattern (evidence.EpisodeEvidence): below it, the causes show
        as counts, not as shares of the episodes. No queries."""
        return episode_evidence(self.episodes)

    @property
    def with_warning_signs(self):
        return sum(bool(e.warning_signs) for e in self.episodes)

    @property
    def worst(self):
        return max((e.severity for e in self.episodes), default=None)

    @property
    def average_severity(self):
        return sum(e.severity for e in self.episodes) / len(self.episodes) if self.episodes else None


def weekly_bars(episodes, *, since, until):
    """Bars of episodes per calendar week (Monday to Sunday, local), from the week of `since` to that of `until`.

    Labelled by the Monday each week starts. No queries.
    """
    first_monday = since - timedelta(days=since.weekday())
    weeks = (until - first_monday).days // 7 + 1
    counts = Counter((timezone.localdate(e.occurred_at) - first_monday).days // 7 for e in episodes)
    return chart_bars([(dateformat.format(first_monday + timedelta(weeks=i), "j M"), counts[i]) for i in range(weeks)])


def clinician_report(athlete, *, profile=None, now=None):
    """The athlete's last 90 days, whole (see Report). Twelve queries at most, however many episodes and plans.

    Episodes and their suspicions (two), the causes (one), the red flags (one, plus two when any is
    raised: wording and acknowledgements), the plan history (six, one without any plan); the profile
    (one) unless given.
    """
    now = now or timezone.now()
    profile = profile or AthleteProfile.for_user(athlete)
    episodes = list(episodes_in_window(athlete, days=REPORT_DAYS, now=now))
    recent = [e for e in episodes if e.occurred_at > now - timedelta(days=WINDOW_DAYS)]
    until = timezone.localdate(now)
    since = timezone.localdate(now - timedelta(days=REPORT_DAYS))
    plans = [plan for plan in plan_history(athlete, today=until) if plan.assignment.end_date >= since]
    return Report(
        athlete=athlete,
        profile=profile,
        since=since,
        until=until,
        episodes=episodes,
        weeks=weekly_bars(episodes, since=since, until=until),
        where=shaded_body_map(episodes),
        when=breakdowns(episodes),
        causes=trigger_profile(episodes),
        red_flags=red_flags_for(athlete, episodes=recent, profile=profile, now=now),
        plans=plans,
    )
