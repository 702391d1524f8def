"""Signing up, the account and the athlete's profile."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin

from ..models import (
    AthleteProfile,
    User,
)
from .common import athlete_type_field, time_zone_field


class SignUpForm(SafeInputMixin, UserCreationForm):
    """A new account. The form never says that an email address is taken (see views.accounts.signup):
    the address is a form field of its own, not the model's, so the database's one-account-per-address
    rule is not checked here, and the account is saved without it until its owner confirms it."""

    email = forms.EmailField(
        label=_("Email address"), max_length=254, help_text=_("For password resets and notifications.")
    )
    role = forms.ChoiceField(
        label=_("I am"),
        # Library editors are made by a superuser (library.editors), never at sign-up.
        choices=[(User.Role.ATHLETE, User.Role.ATHLETE.label), (User.Role.COACH, User.Role.COACH.label)],
        widget=forms.RadioSelect,
        initial=User.Role.ATHLETE,
    )
    athlete_type = athlete_type_field(required=False)  # required of athletes only, in clean()
    time_zone = time_zone_field()

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "role", "athlete_type", "time_zone")
        labels = {"first_name": _("Your name")}
        help_texts = {"username": _("Letters, digits and @/./+/-/_ only; you sign in with it.")}

    field_order = ["username", "first_name", "email", "role", "athlete_type", "time_zone", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/cramps.js picks the browser's zone here until the person chooses one.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = ""

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def validate_password_for_user(self, user, **kwargs):
        # The password must not resemble the email either; the address joins the new user here,
        # after the model's own checks (which would have said whether it is taken).
        user.email = self.cleaned_data.get("email", "")
        super().validate_password_for_user(user, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == User.Role.ATHLETE and not cleaned.get("athlete_type"):
            self.add_error("athlete_type", _("Choose the kind of athlete you are: it decides the advice you get."))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        user.email = ""  # until its owner opens the confirmation link
        user.role = self.cleaned_data["role"]
        user.save()
        if user.is_athlete:
            AthleteProfile.objects.create(user=user, athlete_type=self.cleaned_data["athlete_type"])
        return user


def password_is_right(request, password):
    """Whether `password` is the signed-in member's. Checked like a log-in, so django-axes counts a
    wrong one towards the same lock-out: a stolen session cannot guess its way to the password."""
    user = authenticate(request, username=request.user.get_username(), password=password)
    return user is not None and user.pk == request.user.pk


def current_password_field(**kwargs):
    return forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        **kwargs,
    )


WRONG_PASSWORD = _("That is not your current password.")


class AccountForm(SafeInputMixin, forms.ModelForm):
    """The member's name, email address and time zone. A new email address needs the current password
    (password resets go to it) and is not saved here: `new_email` is then the address to confirm by a link
    sent to it (services.ask_to_confirm_email), so the form never says whether another account has it."""

    time_zone = time_zone_field()
    current_password = current_password_field(required=False, help_text=_("Needed only to change your email address."))
    language = forms.ChoiceField(
        label=_("Language"),
        # Each language by its own name, so a member who cannot read the current one still finds theirs.
        choices=[("", _("Your browser's language")), *settings.LANGUAGES],
        required=False,
        help_text=_("The language Cramps speaks to you, on the site and in email."),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "time_zone", "language")

    field_order = ["first_name", "last_name", "email", "current_password", "time_zone", "language"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        # Required once the account has an address (a new account has none until its owner confirms one).
        self.fields["email"].required = bool(self.instance.email)
        self.new_email = ""

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        if "email" not in cleaned or "email" not in self.changed_data:
            return cleaned
        password = cleaned.get("current_password")
        if not password or not password_is_right(self.request, password):
            self.add_error(
                "current_password",
                _("That is not your current password. Your email address was not changed.")
                if password
                else _("Enter your current password to change your email address."),
            )
            del cleaned["email"]  # kept as it was, and checked no further
        else:
            # Kept as it was, so no check against other accounts can say whether one has the new address.
            self.new_email, cleaned["email"] = cleaned["email"], self.instance.email
        return cleaned


class PasswordConfirmForm(SafeInputMixin, forms.Form):
    """The member's password again, before their data leaves the site or is deleted."""

    password = current_password_field(error_messages={"required": _("Enter your password to go on.")})

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, password):
            raise forms.ValidationError(WRONG_PASSWORD)
        return password


class ExportForm(PasswordConfirmForm):
    """What to download, from the button pressed: everything as JSON, or the episodes as CSV."""

    FORMATS = {"json": _("everything (JSON)"), "csv": _("episodes (CSV)")}

    format = forms.ChoiceField(
        choices=FORMATS.items(),
        error_messages={"required": _("Choose a download."), "invalid_choice": _("Choose a download.")},
    )


class AthleteProfileForm(SafeInputMixin, forms.ModelForm):
    athlete_type = athlete_type_field()

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
            "takes_statins",
            "takes_diuretics",
            "takes_blood_pressure_drugs",
            "other_medicines",
        )
        widgets = {
            "session_minutes": forms.NumberInput(attrs={"min": 5, "max": 720}),
            "training_days_per_week": forms.NumberInput(attrs={"min": 0, "max": 7}),
        }
        labels = {"sport": _("Sport"), "training_days_per_week": _("Training days per week")}
        help_texts = {
            "sport": _("For example: 5-a-side football, powerlifting, marathon."),
            "other_medicines": _("Anything else you take regularly, for your coach and doctor. Leave empty if none."),
        }

    MEDICINE_FIELDS = (*AthleteProfile.MEDICINES, "other_medicines")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same range as the database constraint, so a bad value is an error beside the field.
        minutes = self.fields["session_minutes"]
        minutes.min_value, minutes.max_value = 5, 720
        minutes.validators += [MinValueValidator(5), MaxValueValidator(720)]
        message = _("Enter a session length between 5 and 720 minutes.")
        minutes.error_messages.update(min_value=message, max_value=message)

    def training_fields(self):
        return [field for field in self if field.name not in self.MEDICINE_FIELDS]

    def medicine_fields(self):
        return [self[name] for name in self.MEDICINE_FIELDS]

    def clean_other_medicines(self):
        return " ".join(self.cleaned_data["other_medicines"].split())
