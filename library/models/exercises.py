"""Exercises and strategies (habits), and their graded claims: that an item helps with a cause."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cramps.input import validate_single_line

from ..images import shrink
from .base import (
    GRADE_ORDER,
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    PURPOSE_ORDER,
    AthleteGroup,
    ClaimPurpose,
    EvidenceGrade,
    MuscleGroup,
    SlugModel,
    dose_number,
    in_default_language,
)
from .causes import Cause, Reference


class ClaimedItemMixin:
    """Exercises and strategies: what they claim to help with, best evidence first."""

    @property
    def graded_claims(self):
        """The item's claims, best evidence first. Prefetch `claims__cause` to keep it query-free."""
        return sort_claims(self.claims.all())


def exercise_picture_path(exercise, filename):
    """Where an exercise's picture is stored: exercises/<slug>.webp (the storage adds a suffix if taken)."""
    return f"exercises/{exercise.slug or 'exercise'}.webp"


validate_https = URLValidator(schemes=["https"], message="Give an https:// link.", code="not_https")


class Exercise(ClaimedItemMixin, SlugModel):
    name = models.CharField(max_length=100, unique=True)
    target_area = models.CharField(max_length=16, choices=MuscleGroup.choices)
    why_it_helps = models.TextField()
    how_to = models.TextField("how to do it")
    sets = dose_number(MAX_SETS)
    reps = dose_number(MAX_REPS)
    hold_seconds = dose_number(MAX_HOLD_SECONDS)
    dose_text = models.CharField("dose as shown", max_length=60, help_text="For example: 15–20 reps × 3 sets")
    causes = models.ManyToManyField(Cause, blank=True, through="ExerciseClaim", related_name="exercises")
    cautions = models.TextField(blank=True)
    references = models.ManyToManyField(Reference, blank=True, related_name="exercises")
    order = models.PositiveSmallIntegerField(default=0)
    # A picture of the exercise, stored smaller and without its metadata (library/images.py), and its
    # description for people who cannot see it; a link to a video, shown as a link and never embedded.
    image = models.ImageField(
        "picture",
        upload_to=exercise_picture_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="A photo or drawing of the exercise: JPEG, PNG, WebP or GIF, up to 5 MB. It is stored with its "
        "longer side at most 1200 pixels, without its metadata (camera, time, place).",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "picture description (alt text)",
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="Required with a picture: what it shows, for people who cannot see it, e.g. "
        "“Standing on one leg on a step, heel lowered below the edge”.",
    )
    video_url = models.URLField(
        "video link",
        blank=True,
        validators=[validate_https],
        help_text="An https:// link to a video of the exercise. It is shown as a link, never played inside Cramps.",
    )

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps__isnull=False) | Q(hold_seconds__isnull=False),
                name="exercise_has_reps_or_hold",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="exercise_picture_has_alt_text",
                violation_error_message="Describe the picture in its alt text.",
            ),
            models.CheckConstraint(
                condition=Q(video_url="") | Q(video_url__startswith="https://"),
                name="exercise_video_link_https",
                violation_error_message="Give an https:// link.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """A newly uploaded picture is stored as its smaller copy without metadata (library.images.shrink)."""
        if self.image and not self.image._committed:
            self.image.save(exercise_picture_path(self, self.image.name), shrink(self.image.file), save=False)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("library:exercise-detail", args=[self.slug])

    def clean(self):
        # Every language falls back to the English alt text (library.translation), so a picture needs that one.
        alt = in_default_language("image_alt")
        if self.image and not (getattr(self, alt) or "").strip():
            raise ValidationError(
                {alt: "Describe the picture for people who cannot see it: a picture needs its alt text."}
            )

    @property
    def video_host(self):
        """The video link's site, e.g. www.youtube.com, to say where the link leads."""
        return urlsplit(self.video_url).hostname or ""


class Strategy(ClaimedItemMixin, SlugModel):
    """Prevention and relief that is not an exercise: fluids, food, rest, stretching, first aid."""

    class Kind(models.TextChoices):
        HYDRATION = "hydration", _("Hydration")
        ELECTROLYTES = "electrolytes", _("Electrolytes")
        FOOD = "food", _("Food")
        SUPPLEMENT = "supplement", _("Supplement")
        WARM_UP = "warm_up", _("Warm-up and conditioning")
        RECOVERY = "recovery", _("Rest and recovery")
        STRETCHING = "stretching", _("Stretching and massage")
        RELIEF = "relief", _("Relief during a cramp")
        CIRCULATION = "circulation", _("Circulation")

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    guidance = models.TextField()
    caution = models.TextField(blank=True)
    athlete_group = models.CharField(max_length=8, choices=AthleteGroup.choices, default=AthleteGroup.ALL)
    causes = models.ManyToManyField(Cause, blank=True, through="StrategyClaim", related_name="strategies")
    references = models.ManyToManyField(Reference, blank=True, related_name="strategies")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.name


class ClaimManager(models.Manager):
    def get_by_natural_key(self, item_slug, cause_slug):
        return self.get(**{f"{self.model.item_field}__slug": item_slug, "cause__slug": cause_slug})


class Claim(models.Model):
    """That an item helps with a cause, graded by what the studies found for that cause."""

    item_field = None  # the concrete model's link to its exercise or strategy

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="%(class)ss")
    grade = models.CharField("evidence grade", max_length=14, choices=EvidenceGrade.choices)
    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        help_text="The study behind the grade; leave empty only when no study was found.",
    )
    note = models.CharField(max_length=200, help_text="One line on what was found for this cause.")
    purpose = models.CharField(
        max_length=10,
        choices=ClaimPurpose.choices,
        default=ClaimPurpose.PREVENTS,
        help_text="What the evidence is about: preventing cramps from this cause, easing a cramp once it has "
        "started, or a safety rule. Only prevention claims count when plans are ranked.",
    )

    objects = ClaimManager()

    class Meta:
        abstract = True

    def __str__(self):
        purpose = "" if self.prevents else f" ({self.get_purpose_display().lower()})"
        return f"{self.item} – {self.cause}: {self.get_grade_display()}{purpose}"

    @property
    def item(self):
        return getattr(self, self.item_field)

    @property
    def grade_rank(self):
        return GRADE_ORDER[self.grade]

    @property
    def prevents(self):
        """Whether this is a prevention claim, the only kind plans are ranked by. No queries."""
        return self.purpose == ClaimPurpose.PREVENTS

    @staticmethod
    def constraints_for(prefix):
        return [
            models.UniqueConstraint(fields=[prefix, "cause"], name=f"{prefix}_claim_once_per_cause"),
            models.CheckConstraint(
                condition=Q(grade=EvidenceGrade.NONE, reference__isnull=True)
                | (~Q(grade=EvidenceGrade.NONE) & Q(reference__isnull=False)),
                name=f"{prefix}_claim_reference_unless_no_study",
                violation_error_message="Give the reference behind this grade, or choose “No study found” "
                "and leave the reference empty.",
            ),
        ]


class ExerciseClaim(Claim):
    item_field = "exercise"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        ordering = ["exercise", "cause"]
        constraints = Claim.constraints_for("exercise")

    def natural_key(self):
        return (self.exercise.slug, self.cause.slug)

    natural_key.dependencies = ["library.exercise", "library.cause", "library.reference"]


class StrategyClaim(Claim):
    item_field = "strategy"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        ordering = ["strategy", "cause"]
        constraints = Claim.constraints_for("strategy")

    def natural_key(self):
        return (self.strategy.slug, self.cause.slug)

    natural_key.dependencies = ["library.strategy", "library.cause", "library.reference"]


def sort_claims(claims):
    """Prevention claims first, then those easing a cramp in progress, then safety rules; within each, best
    evidence first, then in the library's cause order. No queries on prefetched claims."""
    return sorted(claims, key=lambda c: (PURPOSE_ORDER[c.purpose], GRADE_ORDER[c.grade], c.cause.order, c.cause.name))


def prevention_claims(claims):
    """The claims that an item prevents cramps (not relief, not safety rules), in their order. No queries."""
    return [claim for claim in claims if claim.prevents]
