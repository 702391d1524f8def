"""The reminder emails claimed, one per athlete, kind and local day."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cramps.input import date_in_range, validate_sane_date

from .accounts import User


class Reminder(models.Model):
    """A reminder email claimed for one athlete, kind and local day: at most one a day per kind.

    The row is written before the email is queued (athletes/reminders.py), so a second worker, or
    the same pass run again, meets the unique constraint and sends nothing.
    """

    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("Check-in")
        SESSION = "session", _("Plan session")

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    day = models.DateField(validators=[validate_sane_date])  # the athlete's local date it was for
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "kind", "day"], name="one_reminder_per_kind_per_day"),
            models.CheckConstraint(condition=Q(kind__in=["checkin", "session"]), name="reminder_kind_valid"),
            models.CheckConstraint(condition=date_in_range("day"), name="reminder_day_2000_2100"),
        ]

    def __str__(self):
        return f"{self.kind} reminder for {self.athlete} on {self.day}"


# Coaching ----------------------------------------------------------------
