import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin
from library.models import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, PLAN_ITEM_FIELDS, Cause, Exercise, Strategy

from .insights.days import TIME_ZONE_CHOICES
from .models import (
    ATHLETE_TYPE_DESCRIPTIONS,
    EPISODE_MUSCLES,
    MAX_COMMENT_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_END_REASON_LENGTH,
    MAX_NOTES_LENGTH,
    MAX_SHARE_DAYS,
    MAX_SHARE_LABEL_LENGTH,
    MAX_SLEEP_HOURS,
    MIN_SHARE_DAYS,
    AssignedItem,
    AthleteProfile,
    AthleteType,
    CoachInvite,
    Comment,
    CrampEpisode,
    DailyCheckIn,
    RoutineAssignment,
    RoutineSession,
    User,
    default_time_zone,
)

number_format_lazy = lazy(number_format, str)

FUTURE_SLACK = timedelta(minutes=5)
MAX_START_AHEAD_DAYS = 92  # a plan starts within about three months
LATE_SESSION_DAYS = 7  # a missed session can be logged up to a week later


def time_zone_field():
    """A select of every time zone by name; a name not on the list is a form error."""
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        initial=default_time_zone,
        help_text=_("Your days, weeks and times are counted in this zone, wherever you or your coach look from."),
        error_messages={"invalid_choice": _("Choose a time zone from the list, for example Europe/London.")},
    )


class DescribedRadioSelect(forms.RadioSelect):
    """Radio buttons, each with a line under its label saying what it means (`descriptions`: {value: text})."""

    def __init__(self, *args, descriptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["description"] = self.descriptions.get(value, "")
        if option["description"]:
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_description"
        return option


def athlete_type_field(**kwargs):
    return forms.ChoiceField(
        label=_("What kind of athlete are you?"),
        choices=AthleteType.choices,
        widget=DescribedRadioSelect(attrs={"class": "form-check-input"}, descriptions=ATHLETE_TYPE_DESCRIPTIONS),
        help_text=_("Cramps picks advice and plans for your kind of training."),
        **kwargs,
    )


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


SIDE_CHOICES = [("", _("Not sure")), *CrampEpisode.Side.choices]


# A quick log sent late (kept on the phone while offline) may carry its own time, this many days back at most;
# a phone clock this far ahead of the server's is read as now.
QUICK_LOG_LATE_DAYS = 7
QUICK_LOG_CLOCK_SLACK = timedelta(minutes=10)


def idempotency_key_field():
    """A hidden key made when the form is drawn: the same key posted twice saves once (a double tap, a re-sent form).

    The quick log and the daily check-in carry it; offline sending keeps it, so a form sent late is still saved once.
    """
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


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


class YesNoNotSaying(forms.RadioSelect):
    """Not saying / yes / no radios for an answer that may be left out (None), like the check-in's other radios.

    The yes and no buttons say what they mean ("Hot or humid", "Not hot"): a bare Yes or No would repeat
    the check-in's "Cramps today?" answers on the same page.
    """

    VALUES = {True: "yes", False: "no", None: "", "True": "yes", "False": "no", "on": "yes"}

    def __init__(self, attrs=None, *, yes, no):
        super().__init__(attrs, choices=[("", _("Not saying")), ("yes", yes), ("no", no)])

    def format_value(self, value):
        return super().format_value(self.VALUES.get(value, value))


class YesNoNotSayingField(forms.NullBooleanField):
    """Yes (True), no (False) or not saying (None): an answer left out is unknown, never "no".

    "on" is a yes: a page drawn before these were radios (kept offline) sent a ticked box that way.
    """

    def __init__(self, *, yes, no, **kwargs):
        super().__init__(widget=YesNoNotSaying(yes=yes, no=no), **kwargs)

    def to_python(self, value):
        if value in ("yes", "on"):
            return True
        if value == "no":
            return False
        return super().to_python(value)


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

    # An earlier day's questions: the labels above speak of today.
    PAST_LABELS = {
        "cramped": _("Cramps that day?"),
        "training_load": _("Training that day"),
        "fluids": _("Fluids that day"),
    }

    def __init__(self, *args, today, day=None, **kwargs):
        super().__init__(*args, auto_id="checkin_%s", **kwargs)
        self.today = today
        if day is not None and day != today:
            for name, label in self.PAST_LABELS.items():
                self.fields[name].label = label

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


# Coaching -------------------------------------------------------------------


USED_INVITE_MESSAGE = _("This code has already been used: each code works once. Ask your coach for a new one.")


class InviteCodeForm(SafeInputMixin, forms.Form):
    code = forms.CharField(
        label=_("Invite code"), max_length=300, help_text=_("The 8 letters and digits from your coach, or their link.")
    )

    def clean_code(self):
        # Accept the code with stray spaces or lower case, or the whole link pasted in.
        code = self.cleaned_data["code"].strip().rstrip("/").rsplit("/", 1)[-1].upper()
        invite = CoachInvite.objects.select_related("coach").filter(code=code).first()
        # A code made by an account that no longer coaches (now a library editor, or staff) opens nothing.
        if invite is None or invite.is_expired or not invite.coach.is_coach:
            raise forms.ValidationError(_("This code is not valid or has expired. Ask your coach for a new one."))
        if invite.is_used:
            raise forms.ValidationError(USED_INVITE_MESSAGE)
        self.invite = invite
        return code


class DashboardFilterForm(SafeInputMixin, forms.Form):
    SHOW_CHOICES = [
        ("all", _("All athletes")),
        ("attention", _("Needs attention")),
        ("no_routine", _("No active routine")),
    ]

    q = forms.CharField(label=_("Search athletes"), required=False, max_length=100)
    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOW_CHOICES)


class AssignmentForm(SafeInputMixin, forms.ModelForm):
    class Meta:
        model = RoutineAssignment
        fields = ["name", "start_date", "sessions_per_week", "weeks", "note"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sessions_per_week": forms.NumberInput(attrs={"min": 1, "max": 7}),
            "weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "name": _("Routine name"),
            "start_date": _("Start date"),
            "sessions_per_week": _("Sessions per week"),
            "weeks": _("Weeks"),
        }

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start < today - timedelta(days=7):
            raise forms.ValidationError(_("Start today or later (at most a week back)."))
        if start > today + timedelta(days=MAX_START_AHEAD_DAYS):
            raise forms.ValidationError(_("Start within the next three months."))
        return start


class AssignedItemForm(SafeInputMixin, forms.Form):
    """One row of a plan: an exercise with sets, reps or a hold, or a habit with its dose."""

    exercise = forms.ModelChoiceField(
        label=_("Exercise"),
        queryset=Exercise.objects.all(),
        empty_label=_("No exercise"),
        required=False,  # blank rows are skipped
    )
    strategy = forms.ModelChoiceField(
        label=_("or a habit"),
        queryset=Strategy.objects.exclude(kind=Strategy.Kind.RELIEF),
        empty_label=_("No habit"),
        required=False,
    )
    sets = forms.IntegerField(label=_("Sets"), required=False, min_value=1, max_value=MAX_SETS)
    reps = forms.IntegerField(label=_("Reps"), required=False, min_value=1, max_value=MAX_REPS)
    hold_seconds = forms.IntegerField(label=_("Hold (s)"), required=False, min_value=1, max_value=MAX_HOLD_SECONDS)
    dose = forms.CharField(
        label=_("Habit dose"),
        required=False,
        max_length=120,
        help_text=_("For a habit, e.g. one full rest day a week."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        exercise, habit = cleaned.get("exercise"), cleaned.get("strategy")
        if self.errors:
            return cleaned
        if exercise and habit:
            raise forms.ValidationError(_("Choose an exercise or a habit for this row, not both."))
        if not exercise and not habit:
            if any(cleaned.get(name) for name in ("sets", "reps", "hold_seconds", "dose", "notes")):
                raise forms.ValidationError(_("Choose an exercise or a habit for this row."))
        elif exercise:
            if cleaned.get("dose"):
                self.add_error("dose", _("A dose in words is for habits; give an exercise sets, reps or a hold."))
            elif not (cleaned.get("reps") or cleaned.get("hold_seconds")):
                raise forms.ValidationError(_("Give reps, a hold time, or both."))
        else:
            if any(cleaned.get(name) for name in ("sets", "reps", "hold_seconds")):
                raise forms.ValidationError(_("A habit takes a dose in words, not sets, reps or a hold."))
            if not cleaned.get("dose"):
                self.add_error("dose", _("Give the habit a dose, e.g. 7 hours or more in bed."))
        return cleaned


class BaseAssignedItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Order")
        form.fields["DELETE"].label = _("Remove")
        # Every row offers the same exercises and habits: read them once, not once per row
        # (iterated, not list()-ed, which would count them first in a query of its own).
        if not hasattr(self, "_choices"):
            self._choices = {name: [c for c in form.fields[name].choices] for name in ("exercise", "strategy")}  # noqa: C416
        for name, choices in self._choices.items():
            form.fields[name].widget.choices = choices

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("A plan needs at least one exercise or habit."))

    def items(self):
        """The kept rows as dicts, in the order the coach set."""
        kept = [
            form
            for form in self.forms
            if form.has_changed()
            and (form.cleaned_data.get("exercise") or form.cleaned_data.get("strategy"))
            and not self._should_delete_form(form)
        ]
        kept.sort(key=lambda form: (form.cleaned_data.get("ORDER") is None, form.cleaned_data.get("ORDER") or 0))
        return [{name: form.cleaned_data[name] for name in PLAN_ITEM_FIELDS} for form in kept]


AssignedItemFormSet = forms.formset_factory(
    AssignedItemForm, formset=BaseAssignedItemFormSet, extra=2, can_order=True, can_delete=True, max_num=20
)


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


class ReportShareForm(SafeInputMixin, forms.Form):
    """A new link to the report: how many days it works, and (optionally) who it is for."""

    days = forms.IntegerField(
        label=_("Works for (days)"),
        min_value=MIN_SHARE_DAYS,
        max_value=MAX_SHARE_DAYS,
        initial=7,
        help_text=format_lazy(
            _("From {low} to {high} days; you can revoke it sooner."), low=MIN_SHARE_DAYS, high=MAX_SHARE_DAYS
        ),
        error_messages={
            "invalid": format_lazy(
                _("Enter a whole number of days from {low} to {high}."), low=MIN_SHARE_DAYS, high=MAX_SHARE_DAYS
            ),
            "min_value": format_lazy(
                ngettext_lazy(
                    "A link works for at least {n} day.", "A link works for at least {n} days.", MIN_SHARE_DAYS
                ),
                n=MIN_SHARE_DAYS,
            ),
            "max_value": format_lazy(
                ngettext_lazy(
                    "A link works for at most {n} day.", "A link works for at most {n} days.", MAX_SHARE_DAYS
                ),
                n=MAX_SHARE_DAYS,
            ),
            "required": format_lazy(
                _("Say how many days the link works, from {low} to {high}."), low=MIN_SHARE_DAYS, high=MAX_SHARE_DAYS
            ),
        },
    )
    label = forms.CharField(
        label=_("Who it is for"),
        required=False,
        max_length=MAX_SHARE_LABEL_LENGTH,
        help_text=_("Optional, for your list only: for example “Physio, Dr Patel”."),
    )

    def clean_label(self):
        return " ".join(self.cleaned_data["label"].split())


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


class CommentForm(SafeInputMixin, forms.ModelForm):
    """A comment on a plan, a session or an episode: up to 1,000 characters of plain text."""

    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Add a comment")}
        widgets = {
            "text": forms.Textarea(
                attrs={"rows": 2, "maxlength": MAX_COMMENT_LENGTH, "class": "form-control form-control-sm"}
            )
        }
        error_messages = {
            "text": {
                "required": _("Write your comment first: it is empty."),
                "max_length": _("Keep it to %(limit_value)d characters (it has %(show_value)d)."),
            }
        }
