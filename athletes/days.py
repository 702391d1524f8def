"""Days in the athlete's own time zone: the one place that turns a calendar day into moments.

It sits below the models (they use it to date a session), so it imports nothing of the app's.

Every "today", week, window and "in the future" is counted in the athlete's zone, not the
viewer's. Insights functions compute in the currently active zone; callers activate the
athlete's zone with `in_zone_of(athlete)` (the middleware does it for a user's own pages).
"""

import zoneinfo
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Time zones a user may pick: the server's list, less the names that are not places.
TIME_ZONE_NAMES = frozenset(zoneinfo.available_timezones() - {"localtime", "Factory", "posixrules"})

# For a form's select: every zone a user may pick, sorted by name.
TIME_ZONE_CHOICES = [(name, name) for name in sorted(TIME_ZONE_NAMES)]


def validate_time_zone(name):
    if name not in TIME_ZONE_NAMES:
        raise ValidationError(_("Choose a time zone from the list, for example Europe/London."), code="invalid")


def default_time_zone():
    return settings.TIME_ZONE


def is_time_zone(name):
    """Whether `name` is a time zone a user may pick, such as 'Europe/London'. No queries."""
    return name in TIME_ZONE_NAMES


def zone_of(user):
    """The user's own time zone; the site's default if theirs is unset or unknown. No queries."""
    name = getattr(user, "time_zone", "") or settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name if is_time_zone(name) else settings.TIME_ZONE)


def in_zone_of(user):
    """A context manager: inside it, dates and times are read and shown in the user's zone."""
    return timezone.override(zone_of(user))


def local_today(user, now=None):
    """The user's calendar date at `now` (default: now), wherever the server or the viewer is."""
    return timezone.localdate(now or timezone.now(), zone_of(user))


def local_midnight(day, zone=None):
    """The start of `day` in `zone` (the current time zone when None), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), zone)
