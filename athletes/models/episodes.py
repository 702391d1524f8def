"""Cramp episodes and daily check-ins: what the athlete logs."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cramps.input import date_in_range, moment_in_range, validate_sane_date
from library.models import MuscleGroup

from .accounts import User

EPISODE_MUSCLES = [choice for choice in MuscleGroup.choices if choice[0] != MuscleGroup.NERVE_PATHWAYS]
MAX_DURATION_MINUTES = 240
MAX_SLEEP_HOURS = 24


def sleep_hours_field():
    """Hours slept last night, 0 to MAX_SLEEP_HOURS, optional: an episode and a check-in both ask it."""
    return models.DecimalField(
        _("hours slept last night"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SLEEP_HOURS)],
    )


def sleep_hours_in_range(name):
    """The database's own check of sleep_hours_field's bounds, as a constraint called `name`."""
    return models.CheckConstraint(
        condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=MAX_SLEEP_HOURS), name=name
    )


MAX_NOTES_LENGTH = 2000


class CrampEpisode(models.Model):
    """One cramp, as the athlete logged it. Only muscle and severity are required."""

    class Side(models.TextChoices):
        LEFT = "left", _("Left")
        RIGHT = "right", _("Right")
        BOTH = "both", _("Both")

    class Setting(models.TextChoices):
        TRAINING = "training", _("During training")
        COMPETITION = "competition", _("During competition")
        AFTER_TRAINING = "after_training", _("After training")
        NIGHT = "night", _("At night in bed")
        REST = "rest", _("At rest")
        OTHER = "other", _("Other")

    class Fluid(models.TextChoices):
        NONE = "none", _("Almost nothing")
        LOW = "low", _("Less than 500 ml")
        MODERATE = "moderate", _("500 ml to 1 litre")
        HIGH = "high", _("More than 1 litre")

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="episodes")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, validators=[validate_sane_date])
    muscle = models.CharField(max_length=16, choices=EPISODE_MUSCLES)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    severity = models.PositiveSmallIntegerField(
        help_text=_("1 = barely noticeable, 10 = the worst you can imagine."),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    duration_minutes = models.DecimalField(
        _("duration (minutes)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    setting = models.CharField(max_length=16, choices=Setting.choices, blank=True)

    # Context that helps tell the causes apart; all optional.
    minutes_into_session = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(720)])
    session_rpe = models.PositiveSmallIntegerField(
        _("session intensity (RPE 1–10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # Yes, no or not said (None): an answer left out is unknown, never "no".
    hot_conditions = models.BooleanField(_("hot or humid conditions"), null=True, blank=True, default=None)
    fluid_intake = models.CharField(
        _("fluid drunk in the last 3 hours"), max_length=10, choices=Fluid.choices, blank=True
    )
    heavy_sweating = models.BooleanField(_("heavy sweating or salt marks"), null=True, blank=True, default=None)
    electrolytes_taken = models.BooleanField(_("took electrolytes or salty food"), default=False)
    sleep_hours = sleep_hours_field()
    days_since_rest = models.PositiveSmallIntegerField(
        _("days since last rest day"), null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    new_or_harder_training = models.BooleanField(_("new or harder training lately"), default=False)

    # Warning signs: each one is a reason to see a healthcare professional.
    muscle_weakness = models.BooleanField(_("muscle weakness"), default=False)
    leg_swelling = models.BooleanField(_("swelling, redness or skin changes of the leg"), default=False)
    numbness = models.BooleanField(_("numbness"), default=False)
    dark_urine = models.BooleanField(_("dark or tea-coloured urine afterwards"), default=False)
    # After hard or long exercise, a sign of muscle breakdown (CDC/NIOSH), like weakness and dark urine.
    pain_far_worse_than_effort = models.BooleanField(_("pain far worse than the effort explains"), default=False)
    vomiting = models.BooleanField(_("vomiting or unable to keep fluids down"), default=False)

    notes = models.TextField(blank=True, max_length=MAX_NOTES_LENGTH)
    suspected_causes = models.ManyToManyField(
        "library.Cause", blank=True, related_name="suspected_in", verbose_name=_("what you think caused it")
    )
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "-occurred_at"], name="episode_athlete_time")]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "idempotency_key"], name="episode_idempotency_unique"),
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=10), name="episode_severity_1_10"),
            models.CheckConstraint(condition=moment_in_range("occurred_at"), name="episode_occurred_2000_2100"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gt=0, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="episode_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(session_rpe__isnull=True) | Q(session_rpe__gte=1, session_rpe__lte=10),
                name="episode_rpe_1_10",
            ),
            sleep_hours_in_range("episode_sleep_0_24"),
            models.CheckConstraint(
                condition=Q(muscle__in=[value for value, _ in EPISODE_MUSCLES]), name="episode_muscle_valid"
            ),
        ]

    def __str__(self):
        return gettext("%(muscle)s cramp, severity %(severity)s") % {
            "muscle": self.get_muscle_display(),
            "severity": self.severity,
        }

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember whose episode it was when read, so a save that moves it updates both athletes' figures."""
        episode = super().from_db(db, field_names, values)
        episode.loaded_athlete_id = episode.__dict__.get("athlete_id")
        return episode

    # Each warning-sign field and the red flag (library RedFlag slug) it raises.
    WARNING_SIGNS = {
        "muscle_weakness": "muscle-weakness",
        "leg_swelling": "leg-swelling",
        "numbness": "numbness",
        "dark_urine": "dark-urine",
        "vomiting": "vomiting",
        # After hard or long exercise it raises "dark-urine" (muscle breakdown); otherwise it is a severe cramp.
        "pain_far_worse_than_effort": "frequent-or-severe",
    }

    @property
    def warning_signs(self):
        """The labels of the warning signs ticked on this episode."""
        return [self._meta.get_field(name).verbose_name for name in self.WARNING_SIGNS if getattr(self, name)]


# Daily check-in ----------------------------------------------------------


class DailyCheckIn(models.Model):
    """A few seconds a day: did a cramp come today, and what was the day like.

    One per athlete per local day, so the trigger analysis can compare the days with cramps
    against the days without. Only `cramped` is required; the rest is what the athlete chose
    to say, and what they left out is unknown (blank or None), never "no".
    """

    class Load(models.TextChoices):
        NONE = "none", _("None")
        EASY = "easy", _("Easy")
        HARD = "hard", _("Hard")
        LONG = "long", _("Long")

    class Fluids(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")

    # What the athlete answers (the rest is bookkeeping).
    ANSWER_FIELDS = ("cramped", "training_load", "sleep_hours", "fluids", "hot_conditions", "heavy_sweating")

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(validators=[validate_sane_date])
    cramped = models.BooleanField(_("cramps today?"))
    training_load = models.CharField(_("training today"), max_length=5, choices=Load.choices, blank=True)
    sleep_hours = sleep_hours_field()
    fluids = models.CharField(_("fluids today"), max_length=6, choices=Fluids.choices, blank=True)
    # Yes, no or not said (None): a day without an answer is left out of the day analysis, not counted as "no".
    hot_conditions = models.BooleanField(_("hot or humid"), null=True, blank=True, default=None)
    heavy_sweating = models.BooleanField(_("heavy sweating"), null=True, blank=True, default=None)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "day"], name="one_checkin_per_day"),
            models.UniqueConstraint(fields=["athlete", "idempotency_key"], name="checkin_idempotency_unique"),
            models.CheckConstraint(condition=date_in_range("day"), name="checkin_day_2000_2100"),
            sleep_hours_in_range("checkin_sleep_0_24"),
        ]

    def __str__(self):
        return f"Check-in of {self.athlete} on {self.day}"
