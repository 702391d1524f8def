"""The athlete's reminder settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin

from ..models import (
    AthleteProfile,
)


class ReminderSettingsForm(SafeInputMixin, forms.ModelForm):
    """The athlete's reminder emails: each kind on or off, and its time of day in their time zone.

    The plan-session reminder comes at the plan session time, the one the calendar feed uses too.
    """

    class Meta:
        model = AthleteProfile
        fields = ["checkin_reminder", "checkin_reminder_time", "session_reminder", "plan_session_time"]
        labels = {"plan_session_time": _("Plan session time")}
        help_texts = {
            "checkin_reminder": _("An email at this time on days you have not checked in yet."),
            "session_reminder": _("An email at this time on the days your plan asks for a session, unless it is done."),
            "plan_session_time": _("In your time zone. Your calendar link puts the sessions at this time too."),
        }
        widgets = {
            "checkin_reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "plan_session_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            name: {"invalid": _("Enter a time of day, for example 20:00.")}
            for name in ("checkin_reminder_time", "plan_session_time")
        }

    # Each time and the switch that needs it: left empty, a time stays as it was, unless its reminder is on.
    TIME_OF = {"checkin_reminder_time": "checkin_reminder", "plan_session_time": "session_reminder"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.TIME_OF:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name, switch in self.TIME_OF.items():
            if name in self.errors:
                continue
            if cleaned.get(name) is None:
                if cleaned.get(switch):
                    self.add_error(name, _("Enter a time of day for this reminder, for example 20:00."))
                else:
                    cleaned[name] = getattr(self.instance, name)
        return cleaned
