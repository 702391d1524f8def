"""Server-rendered charts and breakdowns of episodes: weekly bars and when (body_map.py shows where)."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from ..days import local_midnight
from ..models import CrampEpisode


def weekly_counts(athlete, *, weeks=8, now=None):
    """Episodes per calendar week (Monday to Sunday, local time), this week last. One query.

    Returns [(Monday's date, count)] for the last `weeks` weeks, oldest first.
    """
    today = timezone.localdate(now or timezone.now())
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    times = CrampEpisode.objects.filter(athlete=athlete, occurred_at__gte=local_midnight(first_monday)).values_list(
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
    return chart_bars([(date_format(week, "j M"), n) for week, n in weekly_counts(athlete, now=now)])


def time_of_day(when):
    hour = timezone.localtime(when).hour
    if hour < 6:
        return gettext("Night (0–6 h)")
    if hour < 12:
        return gettext("Morning (6–12 h)")
    if hour < 18:
        return gettext("Afternoon (12–18 h)")
    return gettext("Evening (18–24 h)")


def breakdowns(episodes):
    """When the episodes happened: counts by setting and time of day. No queries."""
    return {
        "settings": Counter(e.get_setting_display() or gettext("Not given") for e in episodes).most_common(),
        "times": Counter(time_of_day(e.occurred_at) for e in episodes).most_common(),
    }
