import hashlib
import secrets
import zoneinfo
from datetime import time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cramps.input import date_in_range, moment_in_range, validate_sane_date, validate_single_line, validate_text
from library.models import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, MuscleGroup, PlanItemMixin, dose_number

# Time zones a user may pick: the server's list, less the names that are not places.
TIME_ZONE_NAMES = frozenset(zoneinfo.available_timezones() - {"localtime", "Factory", "posixrules"})


def validate_time_zone(name):
    if name not in TIME_ZONE_NAMES:
        raise ValidationError(_("Choose a time zone from the list, for example Europe/London."), code="invalid")


def default_time_zone():
    return settings.TIME_ZONE


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


EPISODE_MUSCLES = [choice for choice in MuscleGroup.choices if choice[0] != MuscleGroup.NERVE_PATHWAYS]
MAX_DURATION_MINUTES = 240
MAX_SLEEP_HOURS = 24


def sleep_hours_field():
    """Hours slept last night, 0 to MAX_SLEEP_HOURS, optional: an episode and a check-in both ask it."""
    return models.DecimalField(
        _("hours slept last night"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SLEEP_HOURS)],
    )


def sleep_hours_in_range(name):
    """The database's own check of sleep_hours_field's bounds, as a constraint called `name`."""
    return models.CheckConstraint(
        condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=MAX_SLEEP_HOURS), name=name
    )


MAX_NOTES_LENGTH = 2000


class CrampEpisode(models.Model):
    """One cramp, as the athlete logged it. Only muscle and severity are required."""

    class Side(models.TextChoices):
        LEFT = "left", _("Left")
        RIGHT = "right", _("Right")
        BOTH = "both", _("Both")

    class Setting(models.TextChoices):
        TRAINING = "training", _("During training")
        COMPETITION = "competition", _("During competition")
        AFTER_TRAINING = "after_training", _("After training")
        NIGHT = "night", _("At night in bed")
        REST = "rest", _("At rest")
        OTHER = "other", _("Other")

    class Fluid(models.TextChoices):
        NONE = "none", _("Almost nothing")
        LOW = "low", _("Less than 500 ml")
        MODERATE = "moderate", _("500 ml to 1 litre")
        HIGH = "high", _("More than 1 litre")

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="episodes")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, validators=[validate_sane_date])
    muscle = models.CharField(max_length=16, choices=EPISODE_MUSCLES)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    severity = models.PositiveSmallIntegerField(
        help_text=_("1 = barely noticeable, 10 = the worst you can imagine."),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    duration_minutes = models.DecimalField(
        _("duration (minutes)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    setting = models.CharField(max_length=16, choices=Setting.choices, blank=True)

    # Context that helps tell the causes apart; all optional.
    minutes_into_session = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(720)])
    session_rpe = models.PositiveSmallIntegerField(
        _("session intensity (RPE 1–10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # Yes, no or not said (None): an answer left out is unknown, never "no".
    hot_conditions = models.BooleanField(_("hot or humid conditions"), null=True, blank=True, default=None)
    fluid_intake = models.CharField(
        _("fluid drunk in the last 3 hours"), max_length=10, choices=Fluid.choices, blank=True
    )
    heavy_sweating = models.BooleanField(_("heavy sweating or salt marks"), null=True, blank=True, default=None)
    electrolytes_taken = models.BooleanField(_("took electrolytes or salty food"), default=False)
    sleep_hours = sleep_hours_field()
    days_since_rest = models.PositiveSmallIntegerField(
        _("days since last rest day"), null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    new_or_harder_training = models.BooleanField(_("new or harder training lately"), default=False)

    # Warning signs: each one is a reason to see a healthcare professional.
    muscle_weakness = models.BooleanField(_("muscle weakness"), default=False)
    leg_swelling = models.BooleanField(_("swelling, redness or skin changes of the leg"), default=False)
    numbness = models.BooleanField(_("numbness"), default=False)
    dark_urine = models.BooleanField(_("dark or tea-coloured urine afterwards"), default=False)
    # After hard or long exercise, a sign of muscle breakdown (CDC/NIOSH), like weakness and dark urine.
    pain_far_worse_than_effort = models.BooleanField(_("pain far worse than the effort explains"), default=False)
    vomiting = models.BooleanField(_("vomiting or unable to keep fluids down"), default=False)

    notes = models.TextField(blank=True, max_length=MAX_NOTES_LENGTH)
    suspected_causes = models.ManyToManyField(
        "library.Cause", blank=True, related_name="suspected_in", verbose_name=_("what you think caused it")
    )
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "-occurred_at"], name="episode_athlete_time")]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "idempotency_key"], name="episode_idempotency_unique"),
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=10), name="episode_severity_1_10"),
            models.CheckConstraint(condition=moment_in_range("occurred_at"), name="episode_occurred_2000_2100"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gt=0, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="episode_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(session_rpe__isnull=True) | Q(session_rpe__gte=1, session_rpe__lte=10),
                name="episode_rpe_1_10",
            ),
            sleep_hours_in_range("episode_sleep_0_24"),
            models.CheckConstraint(
                condition=Q(muscle__in=[value for value, _ in EPISODE_MUSCLES]), name="episode_muscle_valid"
            ),
        ]

    def __str__(self):
        return gettext("%(muscle)s cramp, severity %(severity)s") % {
            "muscle": self.get_muscle_display(),
            "severity": self.severity,
        }

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember whose episode it was when read, so a save that moves it updates both athletes' figures."""
        episode = super().from_db(db, field_names, values)
        episode.loaded_athlete_id = episode.__dict__.get("athlete_id")
        return episode

    # Each warning-sign field and the red flag (library RedFlag slug) it raises.
    WARNING_SIGNS = {
        "muscle_weakness": "muscle-weakness",
        "leg_swelling": "leg-swelling",
        "numbness": "numbness",
        "dark_urine": "dark-urine",
        "vomiting": "vomiting",
        # After hard or long exercise it raises "dark-urine" (muscle breakdown); otherwise it is a severe cramp.
        "pain_far_worse_than_effort": "frequent-or-severe",
    }

    @property
    def warning_signs(self):
        """The labels of the warning signs ticked on this episode."""
        return [self._meta.get_field(name).verbose_name for name in self.WARNING_SIGNS if getattr(self, name)]


# Daily check-in ----------------------------------------------------------


class DailyCheckIn(models.Model):
    """A few seconds a day: did a cramp come today, and what was the day like.

    One per athlete per local day, so the trigger analysis can compare the days with cramps
    against the days without. Only `cramped` is required; the rest is what the athlete chose
    to say, and what they left out is unknown (blank or None), never "no".
    """

    class Load(models.TextChoices):
        NONE = "none", _("None")
        EASY = "easy", _("Easy")
        HARD = "hard", _("Hard")
        LONG = "long", _("Long")

    class Fluids(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")

    # What the athlete answers (the rest is bookkeeping).
    ANSWER_FIELDS = ("cramped", "training_load", "sleep_hours", "fluids", "hot_conditions", "heavy_sweating")

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(validators=[validate_sane_date])
    cramped = models.BooleanField(_("cramps today?"))
    training_load = models.CharField(_("training today"), max_length=5, choices=Load.choices, blank=True)
    sleep_hours = sleep_hours_field()
    fluids = models.CharField(_("fluids today"), max_length=6, choices=Fluids.choices, blank=True)
    # Yes, no or not said (None): a day without an answer is left out of the day analysis, not counted as "no".
    hot_conditions = models.BooleanField(_("hot or humid"), null=True, blank=True, default=None)
    heavy_sweating = models.BooleanField(_("heavy sweating"), null=True, blank=True, default=None)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "day"], name="one_checkin_per_day"),
            models.UniqueConstraint(fields=["athlete", "idempotency_key"], name="checkin_idempotency_unique"),
            models.CheckConstraint(condition=date_in_range("day"), name="checkin_day_2000_2100"),
            sleep_hours_in_range("checkin_sleep_0_24"),
        ]

    def __str__(self):
        return f"Check-in of {self.athlete} on {self.day}"


class Reminder(models.Model):
    """A reminder email claimed for one athlete, kind and local day: at most one a day per kind.

    The row is written before the email is queued (athletes/reminders.py), so a second worker, or
    the same pass run again, meets the unique constraint and sends nothing.
    """

    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("Check-in")
        SESSION = "session", _("Plan session")

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    day = models.DateField(validators=[validate_sane_date])  # the athlete's local date it was for
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "kind", "day"], name="one_reminder_per_kind_per_day"),
            models.CheckConstraint(condition=Q(kind__in=["checkin", "session"]), name="reminder_kind_valid"),
            models.CheckConstraint(condition=date_in_range("day"), name="reminder_day_2000_2100"),
        ]

    def __str__(self):
        return f"{self.kind} reminder for {self.athlete} on {self.day}"


# Coaching ----------------------------------------------------------------

INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I look-alikes


def new_invite_code():
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(8))


def invite_expiry():
    return timezone.now() + timedelta(hours=settings.INVITE_LIFETIME_HOURS)


class InviteQuerySet(models.QuerySet):
    def open(self):
        """Codes an athlete can still use: not used and not expired."""
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class CoachInvite(models.Model):
    """A code a coach shares; the one athlete who enters it and accepts becomes linked.

    A code works once (`used_at` says when it was used, `used_by` by whom) and for
    INVITE_LIFETIME_HOURS; the coach withdraws an open one by deleting it.
    """

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invites")
    code = models.CharField(max_length=8, unique=True, default=new_invite_code)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invite_expiry, validators=[validate_sane_date])
    used_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=moment_in_range("expires_at"), name="invite_expires_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("used_at", null=True), name="invite_used_2000_2100"),
            # The athlete's account may go (used_by empties); the code stays used.
            models.CheckConstraint(
                condition=Q(used_by__isnull=True) | Q(used_at__isnull=False), name="invite_used_by_has_used_at"
            ),
        ]

    def __str__(self):
        return f"Invite {self.code} from {self.coach}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used(self):
        return self.used_at is not None


class ActiveLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


def end_links_of_deleted_coach(collector, field, sub_objs, using):
    """on_delete for CoachLink.coach: a deleted coach's links stay, with their dates, in the athlete's
    record; one still active ends now. The end is written first: a link without a coach has ended."""
    collector.add_field_update(
        CoachLink._meta.get_field("ended_at"), timezone.now(), sub_objs.filter(ended_at__isnull=True)
    )
    collector.add_field_update(field, None, sub_objs)


end_links_of_deleted_coach.lazy_sub_objs = True  # two updates, no rows read


class CoachLink(models.Model):
    """An athlete's consent to be coached. Ending it (either side) hides the athlete from the coach.

    `coach` is empty once the coach has deleted their account: the athlete keeps the record.
    """

    coach = models.ForeignKey(User, on_delete=end_links_of_deleted_coach, null=True, related_name="athlete_links")
    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coach_links")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    objects = ActiveLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "athlete"], condition=Q(ended_at__isnull=True), name="coach_link_active_unique"
            ),
            models.CheckConstraint(condition=~Q(coach=models.F("athlete")), name="coach_link_not_self"),
            models.CheckConstraint(condition=moment_in_range("ended_at", null=True), name="coach_link_ended_2000_2100"),
            models.CheckConstraint(
                condition=Q(coach__isnull=False) | Q(ended_at__isnull=False), name="coach_link_without_coach_ended"
            ),
        ]

    def __str__(self):
        return f"{self.coach or 'A deleted coach'} coaches {self.athlete}"


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
            from .insights.days import local_today  # insights reads these models

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
            from .insights.days import local_today  # insights reads these models

            self.performed_on = local_today(self.assignment.athlete)
        super().save(*args, **kwargs)


class FlagAcknowledgement(models.Model):
    """The athlete or their coach has seen a red flag, once per acknowledgement (the history is kept).

    The latest acknowledgement of a flag holds until an episode logged after it raises the flag again.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="flag_acknowledgements")
    slug = models.SlugField(max_length=60)
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])

    class Meta:
        ordering = ["-acknowledged_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "slug", "acknowledged_at"], name="acknowledgement_lookup")]
        constraints = [
            models.CheckConstraint(condition=moment_in_range("acknowledged_at"), name="acknowledgement_at_2000_2100"),
        ]

    def __str__(self):
        return f"{self.slug} acknowledged for {self.athlete}"


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


class AthleteSummary(models.Model):
    """The coach dashboard's figures from one athlete's episodes, kept so that a dashboard reads one row each.

    `insights.summary` is the one place that works them out. A write to what they come from (an
    episode, its suspected causes, the athlete's profile or account) bumps `version`; the figures
    hold while `computed_version` equals it and the clock is before `valid_until`, the first moment
    an episode crosses the edge of a window.
    """

    athlete = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="summary")
    version = models.PositiveIntegerField(default=0)
    computed_version = models.PositiveIntegerField(null=True, blank=True)  # None: never worked out
    computed_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)  # None: nothing changes with time alone
    last_7 = models.PositiveIntegerField(default=0)
    last_28 = models.PositiveIntegerField(default=0)
    previous_28 = models.PositiveIntegerField(default=0)
    last_episode_at = models.DateTimeField(null=True, blank=True)
    # [[cause slug, episodes of the last 28 days that point to it]]
    cause_counts = models.JSONField(default=list, blank=True)
    # [[flag slug, {language code: reason}, raised by an episode of the last 48 hours,
    #   when the newest such episode was logged]]
    flag_reasons = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "athlete summaries"

    def __str__(self):
        return f"Summary of {self.athlete_id}"


# Report share links ----------------------------------------------------------

MIN_SHARE_DAYS = 1
MAX_SHARE_DAYS = 30
MAX_SHARE_LABEL_LENGTH = 80


def hash_token(token):
    """The stored form of a share token: its SHA-256, in hex. Only the link holds the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class ReportShareQuerySet(models.QuerySet):
    def open(self, now=None):
        """Links that still work: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ReportShare(models.Model):
    """A read-only link to an athlete's report, for a physio or doctor, that expires or can be revoked.

    The token is shown once, when the link is made; the database keeps only its hash.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="report_shares")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        _("who it is for"), max_length=MAX_SHARE_LABEL_LENGTH, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])
    expires_at = models.DateTimeField(validators=[validate_sane_date])
    revoked_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])
    last_opened_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])
    open_count = models.PositiveIntegerField(default=0)

    objects = ReportShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="share_expires_after"),
            models.CheckConstraint(condition=moment_in_range("created_at"), name="share_created_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("expires_at"), name="share_expires_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("revoked_at", null=True), name="share_revoked_2000_2100"),
            models.CheckConstraint(
                condition=moment_in_range("last_opened_at", null=True), name="share_opened_2000_2100"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("label"), MAX_SHARE_LABEL_LENGTH), name="share_label_length"
            ),
        ]

    def __str__(self):
        return f"Report link of {self.athlete}"

    @classmethod
    def create_for(cls, athlete, *, days, label=""):
        """A new link that works for `days` days from now: (the ReportShare, its token). One query."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        share = cls.objects.create(
            athlete=athlete,
            token_hash=hash_token(token),
            label=label,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        return share, token

    @classmethod
    def open_by_token(cls, token, *, now=None):
        """The working link with this token, of an active account, with its athlete and profile, or None. One query."""
        return (
            cls.objects.open(now)
            .select_related("athlete__athlete_profile")
            .filter(token_hash=hash_token(token), athlete__is_active=True)
            .first()
        )

    def record_opening(self, now=None):
        """Count one opening and note when. One query."""
        now = now or timezone.now()
        ReportShare.objects.filter(pk=self.pk).update(open_count=models.F("open_count") + 1, last_opened_at=now)
        self.open_count += 1
        self.last_opened_at = now

    def revoke(self, now=None):
        self.revoked_at = now or timezone.now()
        self.save(update_fields=["revoked_at"])


MAX_COMMENT_LENGTH = 1000


class Comment(models.Model):
    """A comment by an athlete or their coach on one of the athlete's plans, sessions or episodes.

    The thread is the athlete's (`athlete`), whoever writes. A comment is new to the other side
    (the athlete's coaches for the athlete's comments, the athlete for a coach's) until they open
    a page that shows it: `read_at` says when.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="comment_threads")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="comments")
    assignment = models.ForeignKey(
        RoutineAssignment, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    session = models.ForeignKey(
        RoutineSession, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    episode = models.ForeignKey(CrampEpisode, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    text = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH, validators=[validate_text])
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])
    read_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["athlete", "read_at"], name="comment_athlete_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment__isnull=False, session__isnull=True, episode__isnull=True)
                | Q(assignment__isnull=True, session__isnull=False, episode__isnull=True)
                | Q(assignment__isnull=True, session__isnull=True, episode__isnull=False),
                name="comment_on_one_thing",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_not_blank"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), MAX_COMMENT_LENGTH), name="comment_text_length"
            ),
            models.CheckConstraint(condition=moment_in_range("created_at"), name="comment_created_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("read_at", null=True), name="comment_read_2000_2100"),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.target}"

    @property
    def target(self):
        """The plan, session or episode the comment is on."""
        if self.assignment_id:
            return self.assignment
        return self.session if self.session_id else self.episode

    @property
    def target_key(self):
        """('assignment' | 'session' | 'episode', its pk). No queries."""
        for kind in ("assignment", "session", "episode"):
            if pk := getattr(self, f"{kind}_id"):
                return kind, pk
        raise ValueError("A comment is on a plan, a session or an episode.")

    @property
    def by_athlete(self):
        """Whether the athlete whose thread it is wrote it (otherwise one of their coaches did)."""
        return self.author_id == self.athlete_id
