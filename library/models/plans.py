"""Advice by athlete group and plan templates: exercises and habits, each with its dose."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from .base import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, AthleteGroup, SlugModel, dose_number
from .causes import Cause
from .exercises import Exercise, ExerciseClaim, Strategy, StrategyClaim


class AthleteFocusManager(models.Manager):
    def get_by_natural_key(self, athlete_group):
        return self.get(athlete_group=athlete_group)


class AthleteFocus(models.Model):
    """What a kind of athlete should pay most attention to."""

    athlete_group = models.CharField(max_length=8, choices=AthleteGroup.choices, unique=True)
    title = models.CharField(max_length=100)
    summary = models.TextField()
    focus_points = models.TextField(help_text="One point per line.")
    strategies = models.ManyToManyField(Strategy, blank=True, related_name="focuses")

    objects = AthleteFocusManager()

    class Meta:
        verbose_name_plural = "athlete focuses"
        ordering = ["athlete_group"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.athlete_group,)

    def points(self):
        return [line.strip() for line in self.focus_points.splitlines() if line.strip()]


class RoutineTemplate(SlugModel):
    name = models.CharField(max_length=100, unique=True)
    purpose = models.TextField()
    causes = models.ManyToManyField(Cause, related_name="routine_templates")
    athlete_group = models.CharField(max_length=8, choices=AthleteGroup.choices, default=AthleteGroup.ALL)
    sessions_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7, "At most 7 sessions a week: one a day.")]
    )
    weeks = models.PositiveSmallIntegerField(default=4)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=7),
                name="template_sessions_per_week_1_7",
            ),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=52), name="template_weeks_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("library:routine-detail", args=[self.slug])


# What a plan item holds, copied from a template into an athlete's own plan.
PLAN_ITEM_FIELDS = ("exercise", "strategy", "sets", "reps", "hold_seconds", "dose", "notes")


class PlanItemMixin:
    """What a template's items and an assignment's items share: an exercise or a habit, with its dose.

    `claims` reads the item's claims; prefetch `exercise__claims__cause` and
    `strategy__claims__cause` (see `plan_item_prefetches`) to keep it query-free.
    """

    @property
    def item(self):
        return self.strategy if self.strategy_id else self.exercise

    @property
    def is_habit(self):
        return self.strategy_id is not None

    @property
    def name(self):
        return self.item.name

    @property
    def claims(self):
        """The item's claims, best evidence first; query-free with `plan_item_prefetches`."""
        return self.item.graded_claims

    @staticmethod
    def constraints_for(prefix):
        return [
            models.CheckConstraint(
                condition=Q(exercise__isnull=False, strategy__isnull=True)
                | Q(exercise__isnull=True, strategy__isnull=False),
                name=f"{prefix}_exercise_or_habit",
                violation_error_message="Choose an exercise or a habit for each item, not both.",
            ),
            models.CheckConstraint(
                condition=Q(strategy__isnull=True) | ~Q(dose=""),
                name=f"{prefix}_habit_has_dose",
                violation_error_message="Give a habit its dose, for example: one full rest day a week.",
            ),
        ]


def plan_item_prefetches(prefix=""):
    """The select/prefetch paths that make a plan item's name, dose and claims query-free."""
    return [
        Prefetch(f"{prefix}exercise__claims", queryset=ExerciseClaim.objects.select_related("cause", "reference")),
        Prefetch(f"{prefix}strategy__claims", queryset=StrategyClaim.objects.select_related("cause", "reference")),
    ]


class RoutineTemplateItemManager(models.Manager):
    def get_by_natural_key(self, template_slug, position):
        return self.get(template__slug=template_slug, position=position)


class RoutineTemplateItem(PlanItemMixin, models.Model):
    """One exercise (with sets, reps or a hold) or one habit (with a dose) of a plan template."""

    template = models.ForeignKey(RoutineTemplate, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, null=True, blank=True, related_name="template_items"
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="template_items",
        verbose_name="habit",
    )
    position = models.PositiveSmallIntegerField()
    sets = dose_number(MAX_SETS)
    reps = dose_number(MAX_REPS)
    hold_seconds = dose_number(MAX_HOLD_SECONDS)
    dose = models.CharField(
        max_length=120, blank=True, help_text="For a habit: how much, how often, for example: one full rest day a week."
    )
    notes = models.CharField(max_length=200, blank=True)

    objects = RoutineTemplateItemManager()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="template_item_position_unique"),
            *PlanItemMixin.constraints_for("template_item"),
        ]

    def __str__(self):
        return f"{self.template} – {self.position}. {self.item}"

    def natural_key(self):
        return (self.template.slug, self.position)

    natural_key.dependencies = ["library.routinetemplate", "library.exercise", "library.strategy"]
