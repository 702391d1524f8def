"""Plans: a routine given to an athlete (or started by them), its items, sessions and changes."""

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cramps.input import date_in_range, moment_in_range, validate_sane_date, validate_single_line
from library.models import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, PlanItemMixin, dose_number

from ..days import local_today
from .accounts import User

MAX_END_REASON_LENGTH = 300


def keep_plans_of_deleted_coach(collector, field, sub_objs, using):
    """on_delete for RoutineAssignment.coach: the plan stays the athlete's, marked as set by a coach
    whose account is gone. The coach is emptied first: only a plan without one has a deleted coach."""
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(RoutineAssignment._meta.get_field("coach_deleted"), True, sub_objs)


class RoutineAssignment(models.Model):
    """A routine a coach gave an athlete, with its own copy of the items.

    Without a coach it is a plan the athlete started themselves, unless `coach_deleted` says a
    coach set it and has since deleted their account.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    coach = models.ForeignKey(User, on_delete=keep_plans_of_deleted_coach, null=True, related_name="assigned_routines")
    coach_deleted = models.BooleanField(default=False, editable=False)
    template = models.ForeignKey(
        "library.RoutineTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    name = models.CharField(max_length=100, validators=[validate_single_line])
    # left empty, save() sets the athlete's local today
    start_date = models.DateField(validators=[validate_sane_date])
    sessions_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7, _("At most 7 sessions a week: one a day."))]
    )
    weeks = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(52)])
    note = models.TextField(_("note for the athlete"), blank=True, max_length=1000)
    is_active = models.BooleanField(default=True)
    ended_on = models.DateField(null=True, blank=True, validators=[validate_sane_date])
    ended_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    end_reason = models.CharField(_("why it ended"), max_length=MAX_END_REASON_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete"], condition=Q(is_active=True), name="one_active_assignment_per_athlete"
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=7), name="assignment_sessions_1_7"
            ),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=52), name="assignment_weeks_range"),
            # Between 2000 and 2100, so the end date (start + weeks) can always be computed.
            models.CheckConstraint(condition=date_in_range("start_date"), name="assignment_start_2000_2100"),
            models.CheckConstraint(condition=date_in_range("ended_on", null=True), name="assignment_ended_2000_2100"),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(end_reason="", ended_by__isnull=True),
                name="assignment_end_reason_only_when_ended",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("end_reason"), MAX_END_REASON_LENGTH),
                name="assignment_end_reason_length",
            ),
            models.CheckConstraint(
                condition=Q(coach_deleted=False) | Q(coach__isnull=True), name="assignment_deleted_coach_is_empty"
            ),
        ]

    def __str__(self):
        return f"{self.name} for {self.athlete}"

    def save(self, *args, **kwargs):
        if self.start_date is None:
            self.start_date = local_today(self.athlete)
        super().save(*args, **kwargs)

    @property
    def is_own(self):
        """Whether the athlete started this plan themselves. No queries."""
        return self.coach_id is None and not self.coach_deleted

    @property
    def set_by(self):
        """Who set the plan, in words: "set by Casey", "set by a deleted coach", or "" for the athlete's own.
        Needs the coach loaded (select_related) to take no query."""
        if self.coach_id is not None:
            return gettext("set by %(coach)s") % {"coach": self.coach.display_name}
        return gettext("set by a deleted coach") if self.coach_deleted else ""

    @property
    def end_date(self):
        """The last day of the planned block, or the day it was ended early."""
        planned = self.start_date + timedelta(weeks=self.weeks) - timedelta(days=1)
        return min(planned, self.ended_on) if self.ended_on else planned


class AssignedItem(PlanItemMixin, models.Model):
    """The athlete's own copy of one plan item: an exercise with sets, reps or a hold, or a habit with a dose."""

    assignment = models.ForeignKey(RoutineAssignment, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(
        "library.Exercise", on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_items"
    )
    strategy = models.ForeignKey(
        "library.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_items",
        verbose_name=_("habit"),
    )
    position = models.PositiveSmallIntegerField()
    sets = dose_number(MAX_SETS)
    reps = dose_number(MAX_REPS)
    hold_seconds = dose_number(MAX_HOLD_SECONDS)
    dose = models.CharField(max_length=120, blank=True)
    notes = models.CharField(max_length=200, blank=True)
    # When the item became part of the plan: the start of the plan's first day (in the athlete's zone) for the
    # items it began with, the moment of the change for an item a change added. With `removed_at`, it says
    # which items a past day offered.
    added_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])
    # Set when a change took the item out of the plan: it stays, so past sessions keep what they ticked.
    removed_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    class Meta:
        ordering = ["assignment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "position"], name="assigned_item_position_unique"),
            *PlanItemMixin.constraints_for("assigned_item"),
            models.CheckConstraint(condition=moment_in_range("added_at"), name="assigned_item_added_2000_2100"),
            models.CheckConstraint(
                condition=moment_in_range("removed_at", null=True), name="assigned_item_removed_2000_2100"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.item}"

    @property
    def dose_in_words(self):
        """'3 × 15 reps, hold 30 s' for an exercise, the dose for a habit. No queries."""
        if self.is_habit:
            return self.dose
        parts = [ngettext("%(n)s rep", "%(n)s reps", self.reps) % {"n": self.reps}] if self.reps else []
        if self.hold_seconds:
            parts.append(gettext("hold %(n)s s") % {"n": self.hold_seconds})
        text = ", ".join(parts)
        return f"{self.sets} × {text}" if self.sets else text


class RoutineSession(models.Model):
    """One day's session of an assignment, as the athlete finished it."""

    class Helped(models.TextChoices):
        YES = "yes", _("Yes")
        A_LITTLE = "a_little", _("A little")
        NO = "no", _("No")
        NOT_SURE = "not_sure", _("Not sure yet")

    assignment = models.ForeignKey(RoutineAssignment, on_delete=models.CASCADE, related_name="sessions")
    # left empty, save() sets the athlete's local today
    performed_on = models.DateField(validators=[validate_sane_date])
    completed_items = models.ManyToManyField(AssignedItem, blank=True, related_name="sessions")
    helped = models.CharField(_("did it help?"), max_length=10, choices=Helped.choices, blank=True)
    discomfort = models.BooleanField(_("any discomfort?"), default=False)
    discomfort_note = models.CharField(_("where or what"), max_length=300, blank=True)
    logged_late = models.BooleanField(default=False, help_text=_("Saved on a later day than the one it was done on."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-performed_on"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "performed_on"], name="one_session_per_day"),
            models.CheckConstraint(condition=date_in_range("performed_on"), name="session_performed_2000_2100"),
        ]

    def __str__(self):
        return f"Session of {self.assignment} on {self.performed_on}"

    def save(self, *args, **kwargs):
        if self.performed_on is None:
            self.performed_on = local_today(self.assignment.athlete)
        super().save(*args, **kwargs)


class PlanChange(models.Model):
    """A change to an active plan, in words, as the athlete reads it: by its coach, or by the athlete
    for a plan they started themselves.

    A change of sessions a week keeps the rate before and after it: the new rate counts from the
    day of the change (in the athlete's zone), so the days before keep the rate they had.
    """

    assignment = models.ForeignKey(RoutineAssignment, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])
    summary = models.TextField()
    message = models.CharField(_("message for the athlete"), max_length=300, blank=True)
    # Both set when the change moved the sessions a week, both empty otherwise.
    sessions_per_week_before = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions_per_week_after = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="plan_change_summary_not_blank"),
            models.CheckConstraint(condition=moment_in_range("changed_at"), name="plan_change_at_2000_2100"),
            models.CheckConstraint(
                condition=Q(sessions_per_week_before__isnull=True, sessions_per_week_after__isnull=True)
                | (
                    Q(sessions_per_week_before__gte=1, sessions_per_week_before__lte=7)
                    & Q(sessions_per_week_after__gte=1, sessions_per_week_after__lte=7)
                    & ~Q(sessions_per_week_before=models.F("sessions_per_week_after"))
                ),
                name="plan_change_rate_before_and_after",
            ),
        ]

    def __str__(self):
        return f"Change to {self.assignment} on {self.changed_at:%Y-%m-%d}"
