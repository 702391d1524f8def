import uuid
from datetime import timedelta

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.utils import timezone

from library.models import Cause

from .models import (
    EPISODE_MUSCLES,
    MAX_DURATION_MINUTES,
    MAX_NOTES_LENGTH,
    AthleteProfile,
    CrampEpisode,
    User,
)

FUTURE_SLACK = timedelta(minutes=5)


class SignUpForm(UserCreationForm):
    role = forms.ChoiceField(
        label="I am",
        choices=User.Role.choices,
        widget=forms.RadioSelect,
        initial=User.Role.ATHLETE,
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "email", "role")
        labels = {"first_name": "Your name"}
        help_texts = {"username": "Letters, digits and @/./+/-/_ only; you sign in with it."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "For password resets and notifications."

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        user.role = self.cleaned_data["role"]
        user.save()
        if user.is_athlete:
            AthleteProfile.objects.create(user=user)
        return user


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email")


class AthleteProfileForm(forms.ModelForm):
    class Meta:
        model = AthleteProfile
        fields = (
            "sport",
            "athlete_type",
            "session_minutes",
            "training_days_per_week",
            "sweat_level",
            "drinks_to_plan",
            "takes_electrolytes",
        )
        widgets = {
            "session_minutes": forms.NumberInput(attrs={"min": 5, "max": 720}),
            "training_days_per_week": forms.NumberInput(attrs={"min": 0, "max": 7}),
        }
        help_texts = {"sport": "For example: 5-a-side football, powerlifting, marathon."}

    def clean_session_minutes(self):
        minutes = self.cleaned_data["session_minutes"]
        if minutes is not None and not 5 <= minutes <= 720:
            raise forms.ValidationError("Enter a session length between 5 and 720 minutes.")
        return minutes

    def clean_training_days_per_week(self):
        days = self.cleaned_data["training_days_per_week"]
        if days is not None and days > 7:
            raise forms.ValidationError("A week has seven days.")
        return days


class QuickLogForm(forms.Form):
    """Muscle and severity only; the time is now. The key makes a re-sent form harmless."""

    muscle = forms.ChoiceField(label="Where", choices=[("", "Choose a muscle"), *EPISODE_MUSCLES])
    severity = forms.TypedChoiceField(
        label="How bad (1–10)",
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class EpisodeForm(forms.ModelForm):
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
            "vomiting",
            "suspected_causes",
            "notes",
        ]
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "severity": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "duration_minutes": forms.NumberInput(attrs={"min": "0.1", "max": MAX_DURATION_MINUTES, "step": "0.1"}),
            "session_rpe": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "sleep_hours": forms.NumberInput(attrs={"min": 0, "max": 24, "step": "0.5"}),
            "suspected_causes": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTES_LENGTH}),
        }
        error_messages = {
            "severity": {
                "min_value": "Severity goes from 1 to 10.",
                "max_value": "Severity goes from 1 to 10.",
            },
            "duration_minutes": {
                "min_value": f"Enter a duration between 0.1 and {MAX_DURATION_MINUTES} minutes.",
                "max_value": f"Enter a duration between 0.1 and {MAX_DURATION_MINUTES} minutes; "
                "a cramp longer than 10 minutes needs a doctor, not a log.",
            },
            "muscle": {"invalid_choice": "Choose a muscle from the list."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        self.fields["suspected_causes"].queryset = Cause.objects.all()
        self.fields["suspected_causes"].help_text = "Optional. Tick what you suspect; Cramps also infers causes."

    def clean_occurred_at(self):
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + FUTURE_SLACK:
            raise forms.ValidationError("That time is in the future. Enter when the cramp happened.")
        return when


class EpisodeFilterForm(forms.Form):
    muscle = forms.ChoiceField(label="Muscle", required=False, choices=[("", "Any muscle"), *EPISODE_MUSCLES])
    setting = forms.ChoiceField(
        label="Setting", required=False, choices=[("", "Any setting"), *CrampEpisode.Setting.choices]
    )
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "The end date is before the start date.")
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
