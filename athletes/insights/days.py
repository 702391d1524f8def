"""Day boundaries: the one place that turns a calendar day into a moment in time."""

from datetime import datetime, time

from django.utils import timezone


def local_midnight(day):
    """The start of `day` in the current time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))
