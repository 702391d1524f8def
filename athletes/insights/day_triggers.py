"""Day-level trigger analysis: are cramps more common on days with a factor than on days without?

The episode-level profile (triggers.py) only sees days with a cramp. Daily check-ins add the days
without one, so each factor can be tested as a person would: "you cramped on 5 of 9 hard-training
days and 1 of 20 other days".

- The days compared are the days with a check-in in the window. A day known only from an episode
  was picked by the cramp itself, and counting it would tilt every rate towards cramping.
- A day is a cramp day when its check-in says so or an episode happened on it (local date).
- A factor is read from the check-in alone. Episodes exist only on cramp days, so letting them fill
  in a factor would add "yes" answers to cramp days only, and make a link where there is none. For
  the same reason the check-in form starts empty, never from the day's episodes: a prefill from them
  would only ever say "yes" on cramp days, and an athlete who accepts it makes the same false link.
- A day where the check-in leaves a factor out is left out for that factor, not counted as "no":
  training, fluids and sleep can be left blank, and heat and sweating answered yes, no or "not
  saying" (None).
- A factor is judged only when each side has MIN_DAYS days or more. How sure: the Wilson 95%
  interval of each side's rate. Clearly linked when the intervals do not overlap and the rate is
  higher with the factor; "maybe" when it is higher but they overlap; otherwise no link.

All of it is computed in the current time zone (the athlete's: callers activate it).
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cramps.words import join_words

from ..days import local_midnight
from ..models import DailyCheckIn
from .evidence import MIN_DAYS  # days needed on each side (with and without the factor) before a factor is judged

DAY_WINDOW_DAYS = 90
SHORT_SLEEP_HOURS = 6
Z_95 = 1.96

CLEAR, MAYBE, NONE = "clear", "maybe", "none"

CHECKIN_COLUMNS = ("day", *DailyCheckIn.ANSWER_FIELDS)
HARD_LOADS = {DailyCheckIn.Load.HARD, DailyCheckIn.Load.LONG}


@dataclass(frozen=True)
class Factor:
    slug: str
    name: object  # "hard or long training"
    days_with: object  # "hard or long training days"
    causes: tuple  # library cause slugs the factor points to


FACTORS = (
    Factor("hard-training", _("hard or long training"), _("hard or long training days"), ("neuromuscular-fatigue",)),
    Factor("low-fluids", _("low fluids"), _("low-fluid days"), ("dehydration",)),
    Factor("heat", _("heat"), _("hot or humid days"), ("dehydration", "sodium-loss")),
    Factor("heavy-sweating", _("heavy sweating"), _("heavy-sweating days"), ("sodium-loss", "dehydration")),
    Factor(
        "short-sleep",
        format_lazy(_("short sleep (under {hours} hours)"), hours=SHORT_SLEEP_HOURS),
        format_lazy(_("days after under {hours} hours of sleep"), hours=SHORT_SLEEP_HOURS),
        ("lack-of-recovery",),
    ),
)


def wilson_interval(hits, total, z=Z_95):
    """The Wilson score interval (low, high) of the rate hits/total; (0, 1) for no days. No queries."""
    if not total:
        return 0.0, 1.0
    rate = hits / total
    denominator = 1 + z * z / total
    centre = (rate + z * z / (2 * total)) / denominator
    spread = z * math.sqrt(rate * (1 - rate) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - spread), min(1.0, centre + spread)


@dataclass(frozen=True)
class FactorResult:
    factor: Factor
    cramped_with: int
    days_with: int
    cramped_without: int
    days_without: int

    @property
    def enough(self):
        return self.days_with >= MIN_DAYS and self.days_without >= MIN_DAYS

    @property
    def rate_with(self):
        return self.cramped_with / self.days_with if self.days_with else 0.0

    @property
    def rate_without(self):
        return self.cramped_without / self.days_without if self.days_without else 0.0

    @property
    def interval_with(self):
        return wilson_interval(self.cramped_with, self.days_with)

    @property
    def interval_without(self):
        return wilson_interval(self.cramped_without, self.days_without)

    @property
    def verdict(self):
        """CLEAR, MAYBE or NONE (also NONE without enough days)."""
        if not self.enough or self.rate_with <= self.rate_without:
            return NONE
        return CLEAR if self.interval_with[0] > self.interval_without[1] else MAYBE

    @property
    def is_clear(self):
        return self.verdict == CLEAR

    @property
    def _counts(self):
        return {
            "a": self.cramped_with,
            "n": self.days_with,
            "days_with": self.factor.days_with,
            "b": self.cramped_without,
            "m": self.days_without,
        }

    @property
    def counts_text(self):
        """'Cramps on 5 of 9 hard or long training days and 1 of 20 other days.'"""
        return _("Cramps on %(a)d of %(n)d %(days_with)s and %(b)d of %(m)d other days.") % self._counts

    @property
    def short_counts_text(self):
        """'6 of 10 heavy-sweating days against 1 of 20 other days'."""
        return _("%(a)d of %(n)d %(days_with)s against %(b)d of %(m)d other days") % self._counts

    @property
    def sureness_text(self):
        """How sure, in words, with the two rates and their intervals."""
        if not self.enough:
            return self.not_enough_text
        rates = _(
            "%(with)s (likely %(with_low)s–%(with_high)s) against %(without)s (%(without_low)s–%(without_high)s)"
        ) % {
            "with": _percent(self.rate_with),
            "with_low": _percent(self.interval_with[0]),
            "with_high": _percent(self.interval_with[1]),
            "without": _percent(self.rate_without),
            "without_low": _percent(self.interval_without[0]),
            "without_high": _percent(self.interval_without[1]),
        }
        if self.verdict == CLEAR:
            text = _("Clearly more likely with %(factor)s: %(rates)s; the ranges do not overlap.")
        elif self.verdict == MAYBE:
            text = _("Maybe: more often with %(factor)s, %(rates)s, but the ranges overlap, so it could be chance.")
        else:
            text = _("No sign that %(factor)s makes cramps more likely: %(rates)s.")
        return text % {"factor": self.factor.name, "rates": rates}

    @property
    def not_enough_text(self):
        return _(
            "Not enough days yet: %(needed)d %(days_with)s and %(needed)d other days are needed; "
            "so far %(with)d and %(without)d."
        ) % {
            "needed": MIN_DAYS,
            "days_with": self.factor.days_with,
            "with": self.days_with,
            "without": self.days_without,
        }


def _percent(rate):
    return f"{round(rate * 100)}%"


@dataclass
class DayAnalysis:
    results: list  # FactorResult, in FACTORS order
    days: int  # check-in days in the window
    window_days: int = DAY_WINDOW_DAYS
    min_days: int = MIN_DAYS

    @property
    def judged(self):
        """The factors with enough days on each side to say something."""
        return [result for result in self.results if result.enough]

    @property
    def waiting(self):
        """The factors still short of days on one side or both."""
        return [result for result in self.results if not result.enough]

    @property
    def waiting_names(self):
        """'short sleep and low fluids': the factors still short of days, as words."""
        return join_words([result.factor.name for result in self.waiting])

    @property
    def clear(self):
        return [result for result in self.results if result.is_clear]

    def linked_causes(self):
        """{cause slug: [FactorResult]}: the causes a clearly linked factor points to. No queries."""
        causes = defaultdict(list)
        for result in self.clear:
            for slug in result.factor.causes:
                causes[slug].append(result)
        return dict(causes)


def _factors_of_day(checkin):
    """{factor slug: True/False/None (unknown)} for one day, from its check-in. No queries."""
    sleep = checkin["sleep_hours"]
    return {
        "hard-training": checkin["training_load"] in HARD_LOADS if checkin["training_load"] else None,
        "low-fluids": checkin["fluids"] == DailyCheckIn.Fluids.LOW if checkin["fluids"] else None,
        "heat": checkin["hot_conditions"],
        "heavy-sweating": checkin["heavy_sweating"],
        "short-sleep": None if sleep is None else sleep < SHORT_SLEEP_HOURS,
    }


def compare_days(checkins, cramp_days):
    """The day analysis of check-in tuples (CHECKIN_COLUMNS) and the local dates with an episode. No queries."""
    tallies = {factor.slug: [0, 0, 0, 0] for factor in FACTORS}  # cramped with, days with, cramped without, without
    checkins = [dict(zip(CHECKIN_COLUMNS, row, strict=True)) for row in checkins]
    for checkin in checkins:
        cramped = checkin["cramped"] or checkin["day"] in cramp_days
        for slug, present in _factors_of_day(checkin).items():
            if present is None:
                continue
            tally = tallies[slug]
            side = 0 if present else 2
            tally[side] += cramped
            tally[side + 1] += 1
    return DayAnalysis(
        results=[FactorResult(factor, *tallies[factor.slug]) for factor in FACTORS],
        days=len(checkins),
    )


def day_analysis(athlete, *, today=None, window_days=DAY_WINDOW_DAYS):
    """The athlete's day analysis over the `window_days` up to `today` (their local today). One or two queries.

    Only the days with a check-in are compared, so only their episodes' times are read (none without
    check-ins), in the current (the athlete's) time zone.
    """
    today = today or timezone.localdate()
    first = today - timedelta(days=window_days - 1)
    checkins = list(athlete.checkins.filter(day__gte=first, day__lte=today).order_by().values_list(*CHECKIN_COLUMNS))
    cramp_days = set()
    if checkins:
        on_checkin_days = Q()
        for start, end in _runs_of_days(sorted(row[0] for row in checkins)):
            on_checkin_days |= Q(occurred_at__gte=local_midnight(start), occurred_at__lt=local_midnight(end))
        moments = athlete.episodes.filter(on_checkin_days).order_by().values_list("occurred_at", flat=True)
        cramp_days = {timezone.localdate(moment) for moment in moments}
    return compare_days(checkins, cramp_days)


def _runs_of_days(days):
    """[(first day, day after the last)] for each run of consecutive dates in the sorted `days`."""
    runs = []
    for day in days:
        if runs and runs[-1][1] == day:
            runs[-1][1] = day + timedelta(days=1)
        else:
            runs.append([day, day + timedelta(days=1)])
    return [tuple(run) for run in runs]
