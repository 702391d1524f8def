"""Who signs in, and the athlete's profile."""

import secrets
from datetime import time

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from cramps.input import validate_single_line

from ..days import default_time_zone, validate_time_zone


class User(AbstractUser):
    """A person who signs in: an athlete, a coach, or a library editor (staff who edit the library in the
    admin, an account of its own). Staff never use the athlete or coach pages, whatever their role."""

    class Role(models.TextChoices):
        ATHLETE = "athlete", _("Athlete")
        COACH = "coach", _("Coach")
        EDITOR = "editor", _("Library editor")

    # A name is one line of text: it goes into page titles, emails and the coach's dashboard.
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_single_line])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_single_line])
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ATHLETE)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Days, weeks and times are counted in this zone."),
    )
    # Empty: the browser's language (settings.LANGUAGE_CODE for email, which has no browser).
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language Cramps speaks to you, on the site and in email."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["athlete", "coach", "editor"]), name="user_role_valid"),
            models.CheckConstraint(condition=~Q(time_zone=""), name="user_time_zone_not_blank"),
            models.CheckConstraint(
                condition=Q(language__in=["", *dict(settings.LANGUAGES)]), name="user_language_valid"
            ),
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"),
        ]

    # Staff work in the admin: a staff account is never treated as an athlete or a coach, so the athlete
    # and coach pages (athletes.decorators) and every athlete's data stay out of its reach.
    @property
    def is_athlete(self):
        return self.role == self.Role.ATHLETE and not self.is_staff

    @property
    def is_coach(self):
        return self.role == self.Role.COACH and not self.is_staff

    @property
    def is_editor(self):
        return self.role == self.Role.EDITOR

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class AthleteType(models.TextChoices):
    GYM = "gym", _("Gym athlete")
    FOOTBALL = "football", _("Football")
    HIIT = "hiit", _("HIIT")
    CROSSFIT = "crossfit", _("CrossFit")
    ENDURANCE = "endurance", _("Endurance")
    OTHER_SPORT = "other", _("Other sport")


# What each athlete type means, in a line, for the sign-up and profile forms.
ATHLETE_TYPE_DESCRIPTIONS = {
    AthleteType.GYM: _("Weights, machines and classes in a gym."),
    AthleteType.FOOTBALL: _("Matches and training with sprints, for football or another team sport."),
    AthleteType.HIIT: _("Short, hard intervals with little rest, such as circuits."),
    AthleteType.CROSSFIT: _("Mixed lifting, gymnastics and conditioning workouts against the clock."),
    AthleteType.ENDURANCE: _("Long sessions: running, cycling, swimming, rowing or triathlon."),
    AthleteType.OTHER_SPORT: _("Any other sport; you can name it on your profile."),
}


MAX_OTHER_MEDICINES_LENGTH = 200


class AthleteProfile(models.Model):
    """What an athlete tells us about their training; one per athlete user."""

    class Sweat(models.TextChoices):
        LIGHT = "light", _("Light")
        MODERATE = "moderate", _("Moderate")
        HEAVY = "heavy", _("Heavy (salt marks on clothes)")

    class Habit(models.TextChoices):
        RARELY = "rarely", _("Rarely")
        SOMETIMES = "sometimes", _("Sometimes")
        USUALLY = "usually", _("Usually")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="athlete_profile")
    sport = models.CharField(max_length=80, blank=True)
    athlete_type = models.CharField(max_length=12, choices=AthleteType.choices, default=AthleteType.GYM)
    session_minutes = models.PositiveSmallIntegerField(_("typical session length (minutes)"), null=True, blank=True)
    sweat_level = models.CharField(_("how much you sweat"), max_length=10, choices=Sweat.choices, blank=True)
    drinks_to_plan = models.CharField(
        _("drink to a plan during training"), max_length=10, choices=Habit.choices, blank=True
    )
    takes_electrolytes = models.CharField(
        _("take electrolytes when sweating heavily"), max_length=10, choices=Habit.choices, blank=True
    )
    training_days_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(7, _("A week has seven days."))]
    )

    # Medicines linked with cramps (EVIDENCE.md: Mayo Clinic; Allen & Kirby 2012): a reason to talk
    # to a doctor, never to stop the medicine. Booleans, so they are queryable and need no constraint.
    takes_statins = models.BooleanField(_("statins (for cholesterol)"), default=False)
    takes_diuretics = models.BooleanField(_("diuretics (water tablets)"), default=False)
    takes_blood_pressure_drugs = models.BooleanField(_("another blood-pressure medicine"), default=False)
    other_medicines = models.CharField(
        _("other medicines you take regularly"), max_length=MAX_OTHER_MEDICINES_LENGTH, blank=True
    )

    # The plan's sessions in the athlete's calendar app: at this time of day, in their time zone, from a
    # feed at a secret address. The token is kept as it is (not hashed) so the routine page can show the
    # address again; resetting it gives a new one and the old address answers 404.
    plan_session_time = models.TimeField(
        _("plan session time"),
        default=time(18, 0),
        help_text=_("When your plan's sessions go in your calendar, in your time zone."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    # Reminders by email (athletes/reminders.py), off until the athlete turns them on. The check-in
    # reminder has its own time; the plan-session reminder comes at `plan_session_time`, the time the
    # sessions stand in the calendar feed, so the athlete has one "when I do my session".
    checkin_reminder = models.BooleanField(_("email me a check-in reminder"), default=False)
    checkin_reminder_time = models.TimeField(
        _("check-in reminder time"),
        default=time(20, 0),
        help_text=_("In your time zone."),
    )
    session_reminder = models.BooleanField(_("email me on plan session days"), default=False)

    # Each medicine field and the name of its class in a sentence.
    MEDICINES = {
        "takes_statins": _("statins"),
        "takes_diuretics": _("diuretics (water tablets)"),
        "takes_blood_pressure_drugs": _("a blood-pressure medicine"),
    }

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("other_medicines"), MAX_OTHER_MEDICINES_LENGTH),
                name="profile_other_medicines_length",
            ),
            models.CheckConstraint(
                condition=Q(training_days_per_week__isnull=True) | Q(training_days_per_week__lte=7),
                name="profile_training_days_max_7",
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__isnull=True) | Q(session_minutes__gte=5, session_minutes__lte=720),
                name="profile_session_minutes_range",
            ),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    @classmethod
    def for_user(cls, user):
        """The athlete's profile, made on first use (accounts created in admin have none yet)."""
        profile, _created = cls.objects.get_or_create(user=user)
        return profile

    @property
    def medicines_listed(self):
        """The cramp-linked medicine classes ticked, in words: ['statins', ...]. No queries."""
        return [name for field, name in self.MEDICINES.items() if getattr(self, field)]

    @property
    def library_athlete_type(self):
        """The library's coarser grouping: 'gym' or 'sports'."""
        return "gym" if self.athlete_type == AthleteType.GYM else "sports"

    def reset_calendar_token(self):
        """Give the calendar feed a new secret address; the old one stops working. One query."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token
