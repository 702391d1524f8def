"""Plans: giving or changing one (its schedule; its rows are plan_items.py), its sessions and ending it."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin

from ..models import (
    MAX_END_REASON_LENGTH,
    AssignedItem,
    AthleteProfile,
    RoutineAssignment,
    RoutineSession,
)
from .common import LATE_SESSION_DAYS, MAX_START_AHEAD_DAYS

# What a plan of habits only stores as its sessions a week, which nothing reads as sessions: its habits are
# counted by the day, and the calendar and reminders ask for them every day.
HABITS_ONLY_SESSIONS_PER_WEEK = 7


class AssignmentForm(SafeInputMixin, forms.ModelForm):
    """A plan's name, schedule and note. Sessions a week are for its exercises: a plan of habits only
    (`habits_only`, set from its rows by plan_editor_valid) is not asked for them."""

    habits_only = False

    class Meta:
        model = RoutineAssignment
        fields = ["name", "start_date", "sessions_per_week", "weeks", "note"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sessions_per_week": forms.NumberInput(attrs={"min": 1, "max": 7}),
            "weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "sessions_per_week": {"required": _("Say how many sessions a week the exercises take (1 to 7).")}
        }
        labels = {
            "name": _("Routine name"),
            "start_date": _("Start date"),
            "sessions_per_week": _("Sessions per week"),
            "weeks": _("Weeks"),
        }

    def full_clean(self):
        # A plan of habits only has no sessions a week to give: what it stores is clean_sessions_per_week's.
        self.fields["sessions_per_week"].required = not self.habits_only
        super().full_clean()

    def clean_sessions_per_week(self):
        """As given for a plan with exercises; for habits only, what the plan keeps (see `habits_only_rate`)."""
        if self.habits_only:
            return self.habits_only_rate()
        return self.cleaned_data["sessions_per_week"]

    def habits_only_rate(self):
        """A new plan of habits only stores a session a day: nothing counts its sessions."""
        return HABITS_ONLY_SESSIONS_PER_WEEK

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start < today - timedelta(days=7):
            raise forms.ValidationError(_("Start today or later (at most a week back)."))
        if start > today + timedelta(days=MAX_START_AHEAD_DAYS):
            raise forms.ValidationError(_("Start within the next three months."))
        return start


class PlanEditForm(AssignmentForm):
    """An active plan's schedule. Its start stays put: the sessions already done count from it."""

    message = forms.CharField(
        label=_("Message for the athlete"),
        required=False,
        max_length=300,
        help_text=_("Optional: why you changed it. They read it beside the change."),
    )

    class Meta(AssignmentForm.Meta):
        fields = ["name", "sessions_per_week", "weeks", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance
        self.fields["weeks"].help_text = gettext("Counted from the start, %(start)s; it ends on %(end)s now.") % {
            "start": date_format(plan.start_date, "j M Y"),
            "end": date_format(plan.end_date, "j M Y"),
        }

    def habits_only_rate(self):
        """A plan changed to habits only keeps its sessions a week, so the change records no new rate."""
        return self.instance.sessions_per_week

    def clean_weeks(self):
        weeks = self.cleaned_data["weeks"]
        if not 1 <= weeks <= 52:
            return weeks  # the model's validators say why, beside the field; no end date to compute
        end = self.instance.start_date + timedelta(weeks=weeks, days=-1)
        if end < timezone.localdate():
            raise forms.ValidationError(
                ngettext(
                    "With %(weeks)s week the plan would have ended on %(end)s. To stop it now, end the plan instead.",
                    "With %(weeks)s weeks the plan would have ended on %(end)s. To stop it now, end the plan instead.",
                    weeks,
                )
                % {"weeks": weeks, "end": date_format(end, "j M")}
            )
        return weeks


class PlanSessionTimeForm(SafeInputMixin, forms.ModelForm):
    """The time of day the plan's sessions go in the athlete's calendar."""

    class Meta:
        model = AthleteProfile
        fields = ["plan_session_time"]
        widgets = {"plan_session_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {"plan_session_time": {"invalid": _("Enter a time of day, for example 18:00.")}}


class EndPlanForm(SafeInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why end it? The athlete reads this."),
        max_length=MAX_END_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you are ending the plan: the athlete reads it.")},
    )


class SessionForm(SafeInputMixin, forms.Form):
    completed_items = forms.ModelMultipleChoiceField(
        label=_("Done"), queryset=AssignedItem.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    helped = forms.ChoiceField(
        label=_("Did it help?"),
        choices=RoutineSession.Helped.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Say whether it helped (or that you are not sure yet).")},
    )
    discomfort = forms.BooleanField(
        label=_("Any discomfort?"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    discomfort_note = forms.CharField(
        label=_("Where or what"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    performed_on = forms.DateField(label=_("Day"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, assignment, today, items=None, **kwargs):
        """`items` are those the chosen day offers (see insights.items_on); the plan's current items by default."""
        super().__init__(*args, **kwargs)
        self.fields["completed_items"].queryset = (
            items if items is not None else assignment.items.filter(removed_at__isnull=True)
        )
        self.assignment, self.today = assignment, today

    def clean_performed_on(self):
        """Today by default; a missed day can be logged up to 7 days later, never before the start or ahead."""
        day = self.cleaned_data["performed_on"] or self.today
        if day > self.today:
            raise forms.ValidationError(_("That day has not come yet: log a session on the day or after it."))
        if day < self.today - timedelta(days=LATE_SESSION_DAYS):
            raise forms.ValidationError(
                ngettext(
                    "Sessions can be logged for the last %(n)s day only.",
                    "Sessions can be logged for the last %(n)s days only.",
                    LATE_SESSION_DAYS,
                )
                % {"n": LATE_SESSION_DAYS}
            )
        if day < self.assignment.start_date:
            start = date_format(self.assignment.start_date, "j F")
            raise forms.ValidationError(
                gettext("This routine starts on %(start)s: log sessions from that day.") % {"start": start}
            )
        return day

    def clean_completed_items(self):
        items = self.cleaned_data["completed_items"]
        if not items:
            raise forms.ValidationError(_("Tick the exercises and habits you did; a session needs at least one."))
        return items

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("discomfort_note") and not cleaned.get("discomfort"):
            cleaned["discomfort"] = True
        return cleaned
