"""The athlete's plan sessions as an iCalendar feed, for a calendar app to subscribe to.

Each day the active plan asks for a session (insights.session_days) over the next eight weeks is one
event at the athlete's plan session time, in their time zone. An event's UID is made of the plan and
the day, so a calendar app that reads the feed again updates its events rather than doubling them.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from . import insights
from .insights.adherence import asking_days, holds_habits_alone
from .language import in_language_of
from .models import PlanChange

FEED_DAYS = 8 * 7
SESSION_LENGTH = timedelta(minutes=30)
REFRESH = timedelta(hours=12)  # how often calendar apps are asked to read the feed again


def _host():
    return urlsplit(settings.SITE_URL).hostname


def session_uid(assignment, day):
    """The event's UID: the same for the same plan and day, whenever the feed is read."""
    return f"plan-{assignment.pk}-{day:%Y%m%d}@{_host()}"


def _description(items):
    lines = [f"{item.name}: {item.dose_in_words}" if item.dose_in_words else item.name for item in items]
    return "\n".join([gettext("Today's plan:"), *lines]) if lines else ""


def plan_calendar(profile, *, now=None):
    """The feed of `profile`'s athlete: a Calendar with one event per session day ahead, in their language.
    Three queries.

    The active plan, its changes of sessions a week and its items; one without an active plan.
    """
    with in_language_of(profile.user):
        return _plan_calendar(profile, now=now)


def _plan_calendar(profile, *, now):
    athlete = profile.user
    zone = insights.zone_of(athlete)
    calendar = icalendar.Calendar.new(
        prodid="-//Cramps//Plan sessions//EN",
        name=gettext("Cramps plan sessions"),
        description=gettext("The sessions of your prevention plan."),
        uid=f"plan-sessions-{athlete.pk}@{_host()}",
    )
    calendar.add("X-PUBLISHED-TTL", REFRESH)
    assignment = athlete.assignments.filter(is_active=True).first()
    if assignment is None:
        return calendar
    now = now or timezone.now()
    changes = PlanChange.objects.filter(assignment=assignment, sessions_per_week_after__isnull=False)
    items = assignment.items.filter(removed_at__isnull=True).select_related("exercise", "strategy")
    description = _description(items)
    with insights.in_zone_of(athlete):
        today = insights.local_today(athlete, now)
        days = asking_days(
            assignment, start=today, days=FEED_DAYS, changes=list(changes), habits_only=holds_habits_alone(items)
        )
    url = settings.SITE_URL + reverse("athletes:routine")
    for day in days:
        start = datetime.combine(day, profile.plan_session_time, tzinfo=zone)
        calendar.add_component(
            icalendar.Event.new(
                uid=session_uid(assignment, day),
                stamp=now,
                start=start,
                end=start + SESSION_LENGTH,
                summary=gettext("%(plan)s: session") % {"plan": assignment.name},
                description=description,
                url=url,
            )
        )
    calendar.add_missing_timezones()
    return calendar
