"""The quick log, the daily check-in, an episode's details and the history filter."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin
from library.models import Cause

from ..models import (
    EPISODE_MUSCLES,
    MAX_DURATION_MINUTES,
    MAX_NOTES_LENGTH,
    MAX_SLEEP_HOURS,
    CrampEpisode,
    DailyCheckIn,
)
from .common import FUTURE_SLACK, YesNoNotSayingField, idempotency_key_field, number_format_lazy

SIDE_CHOICES = [("", _("Not sure")), *CrampEpisode.Side.choices]


# A quick log sent late (kept on the phone while offline) may carry its own time, this many days back at most;
# a phone clock this far ahead of the server's is read as now.
QUICK_LOG_LATE_DAYS = 7
QUICK_LOG_CLOCK_SLACK = timedelta(minutes=10)


class QuickLogForm(SafeInputMixin, forms.Form):
    """Muscle and severity (the side if known); the time is now. The key makes a re-sent form harmless."""

    muscle = forms.ChoiceField(label=_("Where"), choices=[("", _("Choose a muscle")), *EPISODE_MUSCLES])
    side = forms.ChoiceField(
        label=_("Side"), choices=SIDE_CHOICES, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    severity = forms.TypedChoiceField(
        label=_("How bad (1–10)"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    idempotency_key = idempotency_key_field()
    # Empty: the time is now. A log kept on the phone while offline (static/js/offline.js) is sent later
    # with the moment it was made, which must lie in the last QUICK_LOG_LATE_DAYS days.
    occurred_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # Its own ids: the quick log shares pages with the full episode and filter forms.
        super().__init__(*args, auto_id="quick_%s", **kwargs)

    def clean_occurred_at(self):
        moment = self.cleaned_data.get("occurred_at")
        if moment is None:
            return None
        now = timezone.now()
        if moment > now + QUICK_LOG_CLOCK_SLACK:
            raise forms.ValidationError(
                _("This cramp's time is in the future: check the clock on your phone."),
                code="future",
            )
        if moment < now - timedelta(days=QUICK_LOG_LATE_DAYS):
            raise forms.ValidationError(
                _("This cramp was saved more than %(days)s days ago: log it with details instead."),
                code="too_old",
                params={"days": QUICK_LOG_LATE_DAYS},
            )
        return min(moment, now)  # a phone's clock a little ahead is not a cramp in the future


DURATION_MESSAGE = format_lazy(
    _("Enter a duration between {low} and {high} minutes."), low=number_format_lazy(0.1, 1), high=MAX_DURATION_MINUTES
)

CHECKIN_EDIT_DAYS = 7  # a check-in can be given or changed for today and the 7 days before


def checkin_day_problem(day, *, today):
    """Why a check-in cannot be given or changed for `day` (a date), or None when it can. No queries."""
    if day > today:
        return _("That day has not come yet: check in on the day or after it.")
    if day < today - timedelta(days=CHECKIN_EDIT_DAYS):
        return _("Check-ins can be given or changed for today and the %(days)d days before only.") % {
            "days": CHECKIN_EDIT_DAYS
        }
    return None


class CheckInForm(SafeInputMixin, forms.Form):
    """The daily check-in: "cramps today?" first, the rest optional; the day and the key ride along hidden.

    A plain form (not a ModelForm) so "No" is an answer, not an unticked box, and the day is checked against
    the athlete's own today (`today`, from insights.local_today).
    """

    ANSWERS = [("yes", _("Yes")), ("no", _("No"))]

    cramped = forms.TypedChoiceField(
        label=_("Cramps today?"),
        choices=ANSWERS,
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer Yes or No: did a cramp come today?")},
    )
    training_load = forms.ChoiceField(
        label=_("Training today"),
        choices=[("", _("Not saying")), *DailyCheckIn.Load.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    sleep_hours = forms.DecimalField(
        label=_("Hours slept last night"),
        required=False,
        min_value=0,
        max_value=MAX_SLEEP_HOURS,
        max_digits=3,
        decimal_places=1,
        error_messages={
            "min_value": _("Sleep is 0 hours or more."),
            "max_value": _("A night has at most 24 hours of sleep."),
        },
    )
    fluids = forms.ChoiceField(
        label=_("Fluids today"),
        choices=[("", _("Not saying")), *DailyCheckIn.Fluids.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    hot_conditions = YesNoNotSayingField(label=_("Heat"), yes=_("Hot or humid"), no=_("Not hot"))
    heavy_sweating = YesNoNotSayingField(label=_("Sweating"), yes=_("Heavy sweating"), no=_("Not heavy"))
    day = forms.DateField(label=_("Day"), required=False, widget=forms.HiddenInput)
    idempotency_key = idempotency_key_field()

    # An earlier day's questions: the labels above speak of today (and its last night).
    PAST_LABELS = {
        "cramped": _("Cramps that day?"),
        "training_load": _("Training that day"),
        "sleep_hours": _("Hours slept the night before"),
        "fluids": _("Fluids that day"),
    }
    PAST_CRAMPED_REQUIRED = _("Answer Yes or No: did a cramp come that day?")

    def __init__(self, *args, today, day=None, **kwargs):
        super().__init__(*args, auto_id="checkin_%s", **kwargs)
        self.today = today
        if day is not None and day != today:
            for name, label in self.PAST_LABELS.items():
                self.fields[name].label = label
            self.fields["cramped"].error_messages = {
                **self.fields["cramped"].error_messages,
                "required": self.PAST_CRAMPED_REQUIRED,
            }

    def clean_day(self):
        """Today by default; a day up to CHECKIN_EDIT_DAYS back, never ahead."""
        day = self.cleaned_data["day"] or self.today
        problem = checkin_day_problem(day, today=self.today)
        if problem:
            raise forms.ValidationError(problem)
        return day

    def values(self):
        """The check-in's fields from the cleaned data, ready for services.save_checkin. No queries."""
        data = self.cleaned_data
        return {name: data[name] for name in DailyCheckIn.ANSWER_FIELDS}


class EpisodeForm(SafeInputMixin, forms.ModelForm):
    # Yes, no or not saying: an unticked box could not tell "no" from "not said".
    hot_conditions = YesNoNotSayingField(label=_("Heat"), yes=_("Hot or humid conditions"), no=_("Not hot"))
    heavy_sweating = YesNoNotSayingField(
        label=_("Sweating"), yes=_("Heavy sweating or salt marks"), no=_("No heavy sweating")
    )

    class Meta:
        model = CrampEpisode
        fields = [
            "occurred_at",
            "muscle",
            "side",
            "severity",
            "duration_minutes",
            "setting",
            "minutes_into_session",
            "session_rpe",
            "hot_conditions",
            "fluid_intake",
            "heavy_sweating",
            "electrolytes_taken",
            "sleep_hours",
            "days_since_rest",
            "new_or_harder_training",
            "muscle_weakness",
            "leg_swelling",
            "numbness",
            "dark_urine",
            "pain_far_worse_than_effort",
            "vomiting",
            "suspected_causes",
            "notes",
        ]
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "severity": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "duration_minutes": forms.NumberInput(attrs={"min": "0.1", "max": MAX_DURATION_MINUTES, "step": "0.1"}),
            "session_rpe": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "sleep_hours": forms.NumberInput(attrs={"min": 0, "max": MAX_SLEEP_HOURS, "step": "0.5"}),
            "suspected_causes": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTES_LENGTH}),
        }
        labels = {
            "muscle": _("Muscle"),
            "side": _("Side"),
            "severity": _("Severity"),
            "setting": _("Setting"),
            "minutes_into_session": _("Minutes into session"),
            "notes": _("Notes"),
        }
        error_messages = {
            "severity": {
                "min_value": _("Severity goes from 1 to 10."),
                "max_value": _("Severity goes from 1 to 10."),
            },
            "duration_minutes": {
                "min_value": DURATION_MESSAGE,
                "max_value": DURATION_MESSAGE,
            },
            "muscle": {"invalid_choice": _("Choose a muscle from the list.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        self.fields["suspected_causes"].queryset = Cause.objects.all()
        self.fields["side"].choices = SIDE_CHOICES
        self.fields["suspected_causes"].help_text = _("Optional. Tick what you suspect; Cramps also infers causes.")

    def clean_occurred_at(self):
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + FUTURE_SLACK:
            raise forms.ValidationError(_("That time is in the future. Enter when the cramp happened."))
        return when


class EpisodeFilterForm(SafeInputMixin, forms.Form):
    muscle = forms.ChoiceField(label=_("Muscle"), required=False, choices=[("", _("Any muscle")), *EPISODE_MUSCLES])
    setting = forms.ChoiceField(
        label=_("Setting"), required=False, choices=[("", _("Any setting")), *CrampEpisode.Setting.choices]
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned

    def filter(self, queryset):
        """Narrow an episode queryset by the valid filters; with errors, nothing is filtered."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["muscle"]:
            queryset = queryset.filter(muscle=data["muscle"])
        if data["setting"]:
            queryset = queryset.filter(setting=data["setting"])
        if data["start"]:
            queryset = queryset.filter(occurred_at__date__gte=data["start"])
        if data["end"]:
            queryset = queryset.filter(occurred_at__date__lte=data["end"])
        return queryset
