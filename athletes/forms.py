from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction

from .models import AthleteProfile, User


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
