from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A person who signs in: an athlete or a coach. Staff are `is_staff` users."""

    class Role(models.TextChoices):
        ATHLETE = "athlete", "Athlete"
        COACH = "coach", "Coach"

    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ATHLETE)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["athlete", "coach"]), name="user_role_valid"),
        ]

    @property
    def is_athlete(self):
        return self.role == self.Role.ATHLETE

    @property
    def is_coach(self):
        return self.role == self.Role.COACH

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class AthleteType(models.TextChoices):
    GYM = "gym", "Gym athlete"
    FOOTBALL = "football", "Football"
    HIIT = "hiit", "HIIT"
    CROSSFIT = "crossfit", "CrossFit"
    ENDURANCE = "endurance", "Endurance"
    OTHER_SPORT = "other", "Other sport"


class AthleteProfile(models.Model):
    """What an athlete tells us about their training; one per athlete user."""

    class Sweat(models.TextChoices):
        LIGHT = "light", "Light"
        MODERATE = "moderate", "Moderate"
        HEAVY = "heavy", "Heavy (salt marks on clothes)"

    class Habit(models.TextChoices):
        RARELY = "rarely", "Rarely"
        SOMETIMES = "sometimes", "Sometimes"
        USUALLY = "usually", "Usually"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="athlete_profile")
    sport = models.CharField(max_length=80, blank=True)
    athlete_type = models.CharField(max_length=12, choices=AthleteType.choices, default=AthleteType.GYM)
    session_minutes = models.PositiveSmallIntegerField(
        "typical session length (minutes)", null=True, blank=True
    )
    sweat_level = models.CharField("how much you sweat", max_length=10, choices=Sweat.choices, blank=True)
    drinks_to_plan = models.CharField(
        "drink to a plan during training", max_length=10, choices=Habit.choices, blank=True
    )
    takes_electrolytes = models.CharField(
        "take electrolytes when sweating heavily", max_length=10, choices=Habit.choices, blank=True
    )
    training_days_per_week = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(training_days_per_week__isnull=True) | Q(training_days_per_week__lte=7),
                name="profile_training_days_max_7",
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__isnull=True)
                | Q(session_minutes__gte=5, session_minutes__lte=720),
                name="profile_session_minutes_range",
            ),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def library_athlete_type(self):
        """The library's coarser grouping: 'gym' or 'sports'."""
        return "gym" if self.athlete_type == AthleteType.GYM else "sports"
