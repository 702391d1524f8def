"""Before and after: whether a plan reduced cramps, two counts over known days compared by an exact test.

The cramps before a plan (the history there is, up to 28 days) against those since it started, for one
athlete (`routine_effects`) or a library plan's athletes together (`template_effects`), said in plain words.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from ..days import in_zone_of, local_midnight, local_today
from ..models import CrampEpisode
from .evidence import MIN_DAYS_FOR_EFFECT  # on each side, before and since
from .exact import binomial_cdf, binomial_sf, clopper_pearson

BEFORE_DAYS = 28

SURE_LEVEL = 0.05  # two-sided; a 95% interval


def _span(days):
    """'the 4 weeks' for whole weeks, else 'the 20 days'."""
    if days % 7 == 0:
        return ngettext("the %(n)s week", "the %(n)s weeks", days // 7) % {"n": days // 7}
    return ngettext("the %(n)s day", "the %(n)s days", days) % {"n": days}


# (rate since ÷ rate before, words): the nearest is said, "about a quarter as many".
_FRACTIONS = (
    (1 / 10, gettext_lazy("about a tenth as many")),
    (1 / 5, gettext_lazy("about a fifth as many")),
    (1 / 4, gettext_lazy("about a quarter as many")),
    (1 / 3, gettext_lazy("about a third as many")),
    (1 / 2, gettext_lazy("about half as many")),
    (2 / 3, gettext_lazy("about two thirds as many")),
    (3 / 4, gettext_lazy("about three quarters as many")),
    (1, gettext_lazy("about as many")),
)


def ratio_in_words(ratio, *, kind=""):
    """A rate ratio as a person says it: 'none since', 'about a quarter as many', 'about twice as many'. No queries.

    With `kind` "fewer" or "more" (a change unlikely to be chance) a ratio close to 1 is "slightly fewer"
    or "slightly more", never "about as many" beside a verdict that says there was a change.
    """
    if ratio == 0:
        return gettext("none since")
    if ratio < 1.15:
        fraction, words = min(_FRACTIONS, key=lambda pair: abs(math.log(pair[0] / ratio)))
        if fraction == 1 and kind == "fewer":
            return gettext("slightly fewer")
        if fraction == 1 and kind == "more":
            return gettext("slightly more")
        return str(words)
    if ratio < 1.75:
        return gettext("about %(times)s times as many") % {"times": formats.number_format(round(ratio, 1), 1)}
    if ratio < 2.5:
        return gettext("about twice as many")
    return gettext("about %(times)s times as many") % {"times": round(ratio)}


@dataclass(frozen=True)
class Effect:
    """Cramps before a plan (the history there is, up to 28 days) against since it started, compared fairly.

    Two counts over known exposure (days) are compared by the exact conditional test: given
    n = before + after cramps, and no change in the daily rate, each cramp falls in the days since
    with probability p0 = days since / (days before + days since), so after ~ Binomial(n, p0). The
    two-sided p-value doubles the smaller tail, and the rate ratio's 95% interval comes from the
    Clopper–Pearson interval of after / n, as p / (1 − p) × days before / days since; the two agree
    (the interval leaves out 1 exactly when p < 0.05). Breslow & Day 1987, Statistical Methods in
    Cancer Research II (IARC), ch. 2: comparing two Poisson rates conditionally on their sum;
    Clopper & Pearson 1934. No verdict without MIN_DAYS_FOR_EFFECT days on each side (evidence.py),
    and never a bare percentage: with few cramps, the counts are all there is to say.
    """

    before: int
    after: int
    days_before: int
    days_since: int

    @property
    def before_per_week(self):
        return self.before / self.days_before * 7 if self.days_before else None

    @property
    def after_per_week(self):
        return self.after / self.days_since * 7 if self.days_since else None

    @property
    def short_before(self):
        return self.days_before < MIN_DAYS_FOR_EFFECT

    @property
    def short_since(self):
        return self.days_since < MIN_DAYS_FOR_EFFECT

    @property
    def enough_data(self):
        """Both sides cover at least two weeks."""
        return not self.short_before and not self.short_since

    @property
    def total(self):
        return self.before + self.after

    @property
    def share_since(self):
        """p0: the share of the cramps expected in the days since if nothing changed (None without days)."""
        days = self.days_before + self.days_since
        return self.days_since / days if days else None

    @property
    def p_value(self):
        """Two-sided exact conditional p-value of 'no change in the rate'; None without enough days. No queries."""
        if not self.enough_data:
            return None
        n, p0 = self.total, self.share_since
        return min(1.0, 2 * min(binomial_cdf(self.after, n, p0), binomial_sf(self.after, n, p0)))

    @property
    def could_tell(self):
        """Whether any split of these many cramps could have shown a change: with 1 cramp, or 5 over equal
        days, not even all on one side would (the smallest two-sided p-value stays above 0.05)."""
        n, p0 = self.total, self.share_since
        return 2 * min(p0**n, (1 - p0) ** n) < SURE_LEVEL

    @property
    def rate_ratio(self):
        """Cramps a day since ÷ cramps a day before (0.25: a quarter as many); None without cramps before."""
        if not self.enough_data or not self.before:
            return None
        return (self.after / self.days_since) / (self.before / self.days_before)

    @property
    def interval(self):
        """The rate ratio's exact 95% interval, (low, high); high is math.inf with no cramps before. None
        without enough days or cramps."""
        if not self.enough_data or not self.total:
            return None
        low, high = clopper_pearson(self.after, self.total)
        exposure = self.days_before / self.days_since

        def ratio(p):
            return math.inf if p >= 1 else p / (1 - p) * exposure

        return ratio(low), ratio(high)

    @property
    def kind(self):
        """'fewer', 'more' (both unlikely to be chance), 'unclear', 'too-few', or '' without enough days."""
        if not self.enough_data:
            return ""
        if not self.could_tell:
            return "too-few"
        if self.p_value >= SURE_LEVEL:
            return "unclear"
        return "fewer" if self.after / self.days_since < self.before / self.days_before else "more"

    @property
    def counts(self):
        """The plain counts: '2 before, 0 since'."""
        return gettext("%(before)s before, %(after)s since") % {"before": self.before, "after": self.after}

    def _counts_over_days(self):
        return gettext("%(before)s in %(span_before)s before, %(after)s in %(span_since)s since") % {
            "before": self.before,
            "span_before": _span(self.days_before),
            "after": self.after,
            "span_since": _span(self.days_since),
        }

    @property
    def verdict(self):
        """The comparison in plain words, or '' with too little data.

        'Fewer cramps since the plan started: 16 in the 4 weeks before, 4 in the 4 weeks since (about a
        quarter as many; unlikely to be chance).' / 'No clear change: …' / 'Too few cramps to tell: 1 before, 0 since.'
        """
        kind = self.kind
        if not kind:
            return ""
        if kind == "too-few":
            return gettext("Too few cramps to tell: %(counts)s.") % {"counts": self.counts}
        if kind == "unclear":
            return gettext("No clear change: %(counts)s (a difference this size could be chance).") % {
                "counts": self._counts_over_days()
            }
        counts, ratio = self._counts_over_days(), self.rate_ratio
        if kind == "fewer":
            text = gettext("Fewer cramps since the plan started: %(counts)s (%(ratio)s; unlikely to be chance).")
        elif ratio is None:  # none before
            text = gettext("More cramps since the plan started: %(counts)s (none before; unlikely to be chance).")
        else:
            text = gettext("More cramps since the plan started: %(counts)s (%(ratio)s; unlikely to be chance).")
        return text % {"counts": counts, "ratio": ratio_in_words(ratio, kind=kind) if ratio is not None else ""}

    @property
    def interval_text(self):
        """'Cramps a day since: likely 6% to 77% of the rate before (95% interval).', or '' without a ratio."""
        if self.kind in ("", "too-few") or self.rate_ratio is None:
            return ""
        low, high = self.interval
        return gettext(
            "The rate since is likely between %(low)s%% and %(high)s%% of the rate before (95%% interval)."
        ) % {"low": _percent(low), "high": _percent(high)}


def _percent(ratio):
    """A ratio as a whole percentage, at least 1 when above zero: 0.0608 → '6'."""
    return formats.number_format(max(round(ratio * 100), 1 if ratio > 0 else 0), 0)


def effect_periods(assignment, *, today, history_start):
    """The before and since periods of a routine, as (baseline, start, since, end) moments. No queries.

    Before is [baseline, start): the history there is (from `history_start`, see history_start),
    at most 28 days; None means no history before the start. Since is [since, end): from the
    start, or from the moment the plan was made if that was on its start day (cramps earlier that
    day came before it and belong to neither side), to the end of today or of the plan.
    """
    start = local_midnight(assignment.start_date)
    end = local_midnight(min(today, assignment.end_date) + timedelta(days=1))
    made = assignment.created_at
    since = made if made and start <= made < start + timedelta(days=1) else start
    first_day = timezone.localdate(history_start) if history_start else assignment.start_date
    baseline = max(start - timedelta(days=BEFORE_DAYS), min(local_midnight(first_day), start))
    return baseline, start, since, end


def _effect(periods, *, before, after):
    baseline, start, _, end = periods
    return Effect(
        before=before, after=after, days_before=(start - baseline).days, days_since=max((end - start).days, 0)
    )


def episode_counts(periods):
    """How many episodes each athlete logged in each period, counted by the database: no episode rows are read.

    `periods` is {key: (athlete id, from, to)}, from inclusive, to exclusive; returns {key: count}.
    One query (none without periods): the periods go in as a table of values, each counted through
    the (athlete, time) index, so the database reads only the episodes inside them.
    """
    if not periods:
        return {}
    keys = list(periods)
    adapt = connection.ops.adapt_datetimefield_value
    # PostgreSQL needs the moments' type spelt out in a VALUES list; SQLite compares the stored text.
    moment = "CAST(%s AS timestamptz)" if connection.vendor == "postgresql" else "%s"
    values = ", ".join([f"(%s, %s, {moment}, {moment})"] * len(keys))
    params = [
        p for n, key in enumerate(keys) for p in (n, periods[key][0], adapt(periods[key][1]), adapt(periods[key][2]))
    ]
    episodes = connection.ops.quote_name(CrampEpisode._meta.db_table)
    # A count per period, each a range scan of the index (a join would let PostgreSQL read every episode).
    sql = (
        f"WITH period (n, athlete, starts, ends) AS (VALUES {values}) "
        f"SELECT period.n, (SELECT COUNT(*) FROM {episodes} episode WHERE episode.athlete_id = period.athlete "
        "AND episode.occurred_at >= period.starts AND episode.occurred_at < period.ends) FROM period"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {keys[n]: count for n, count in cursor.fetchall()}


def routine_effects(assignments, *, todays, history_starts):
    """{assignment pk: Effect} for several assignments, their episodes counted by the database. One query.

    `todays` and `history_starts` are {assignment pk: the athlete's today, their history start}.
    Each assignment's periods are read in the current time zone: call it in the athletes' zone,
    or see template_effects for athletes in different zones.
    """
    periods = {a.pk: effect_periods(a, today=todays[a.pk], history_start=history_starts[a.pk]) for a in assignments}
    return _effects_of(assignments, periods)


def _effects_of(assignments, periods):
    athlete_of = {a.pk: a.athlete_id for a in assignments}
    counts = episode_counts(
        {
            **{(pk, "before"): (athlete_of[pk], baseline, start) for pk, (baseline, start, _, _) in periods.items()},
            **{(pk, "since"): (athlete_of[pk], since, end) for pk, (_, _, since, end) in periods.items()},
        }
    )
    return {
        pk: _effect(period, before=counts[(pk, "before")], after=counts[(pk, "since")])
        for pk, period in periods.items()
    }


def first_episode_at(athlete="athlete"):
    """A subquery to annotate with: when the athlete (OuterRef(`athlete`)) logged their first-ever episode."""
    return Subquery(
        CrampEpisode.objects.filter(athlete=OuterRef(athlete)).order_by("occurred_at").values("occurred_at")[:1]
    )


def history_start(athlete, first_episode):
    """When the athlete's history begins: joining, or an earlier first-ever episode. No queries."""
    return min(when for when in (athlete.date_joined, first_episode) if when is not None)


def template_effects(assignments, *, now=None):
    """How each routine template's athletes did, their cramps counted together. One query besides `assignments`.

    `assignments` is a queryset; each comes with its athlete and first episode, and is
    measured in its athlete's time zone, up to their local today; the database counts the
    episodes before and since each one.
    Returns [(template name, Effect, number of assignments)]: the Effect adds up the cramps and the
    days before and since over the template's assignments with two weeks on each side (a pooled
    comparison: it says how the athletes did together, not that the plan worked for each one).
    Clearly fewer first, then by the rate since against before; templates with no such assignment are left out.
    """
    assignments = [
        a
        for a in assignments.select_related("athlete", "template").annotate(first_episode_at=first_episode_at())
        if a.template_id
    ]
    periods = {}
    for assignment in assignments:
        start = history_start(assignment.athlete, assignment.first_episode_at)
        with in_zone_of(assignment.athlete):
            today = local_today(assignment.athlete, now)
            periods[assignment.pk] = effect_periods(assignment, today=today, history_start=start)
    effects = _effects_of(assignments, periods)
    pooled = {}
    for assignment in assignments:
        effect = effects[assignment.pk]
        if effect.enough_data:
            pooled.setdefault(assignment.template.name, []).append(effect)
    rows = [
        (
            name,
            Effect(
                before=sum(e.before for e in group),
                after=sum(e.after for e in group),
                days_before=sum(e.days_before for e in group),
                days_since=sum(e.days_since for e in group),
            ),
            len(group),
        )
        for name, group in pooled.items()
    ]
    order = {"fewer": 0, "unclear": 1, "more": 2, "too-few": 3}
    return sorted(rows, key=lambda row: (order[row[1].kind], row[1].rate_ratio or 0, row[0]))
