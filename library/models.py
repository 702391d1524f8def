"""The library: what the app's advice rests on and what coaches prescribe from.

Every model has a slug as its natural key, so `fixtures/library.json` loads
idempotently and survives re-ordering.
"""

import re
from functools import cached_property
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cramps.input import validate_single_line

from .images import shrink


class MuscleGroup(models.TextChoices):
    """Where an exercise works and where a cramp happens: one list for both."""

    CALVES = "calves", _("Calves")
    SHINS = "shins", _("Shins / front of the leg")
    HAMSTRINGS = "hamstrings", _("Hamstrings")
    QUADRICEPS = "quadriceps", _("Quadriceps")
    ADDUCTORS = "adductors", _("Adductors / groin")
    GLUTES = "glutes", _("Glutes")
    FEET = "feet", _("Feet")
    ANKLES = "ankles", _("Ankles")
    FULL_LOWER_BODY = "lower_body", _("Full lower body")
    NERVE_PATHWAYS = "nerves", _("Nerve pathways of the leg")
    ABDOMINALS = "abdominals", _("Abdominals")
    UPPER_BODY = "upper_body", _("Arms, hands or back")


class AthleteGroup(models.TextChoices):
    """Who a piece of advice suits, in the library's coarse terms."""

    ALL = "all", _("All athletes")
    GYM = "gym", _("Gym athletes")
    SPORTS = "sports", _("Sports athletes")


class EvidenceGrade(models.TextChoices):
    """How well the studies back one claim: this item helps with this cause."""

    SUPPORTED = "supported", _("Supported")
    MIXED = "mixed", _("Mixed")
    WEAK = "weak", _("Weak")
    CONTRADICTED = "contradicted", _("Contradicted")
    NONE = "none", _("No study found")


# Best evidence first; a claim the studies contradict comes last, after those never tested.
GRADE_ORDER = {
    EvidenceGrade.SUPPORTED: 0,
    EvidenceGrade.MIXED: 1,
    EvidenceGrade.WEAK: 2,
    EvidenceGrade.NONE: 3,
    EvidenceGrade.CONTRADICTED: 4,
}


class ClaimPurpose(models.TextChoices):
    """What a claim's evidence is about: preventing cramps, easing one in progress, or keeping the athlete safe.

    Only prevention claims make a plan target a cause and count as a plan's "best evidence"
    (athletes.recommend, insights.triggers.advice_for): a stretch that stops a cramp once it has
    started (Miller et al. 2022, J Athl Train 57(1):5–15) says nothing about how often cramps come.
    """

    PREVENTS = "prevents", _("Prevents")
    EASES = "eases", _("Eases a cramp in progress")
    SAFETY = "safety", _("Safety rule")


# Prevention first: on a page, what an item does against cramps comes before first aid and safety rules.
PURPOSE_ORDER = {ClaimPurpose.PREVENTS: 0, ClaimPurpose.EASES: 1, ClaimPurpose.SAFETY: 2}


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugModel(models.Model):
    slug = models.SlugField(max_length=80, unique=True)

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class Reference(SlugModel):
    """A study or guideline and what it found; how far it backs a claim is graded on the claim."""

    citation = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    link = models.URLField(blank=True)
    evidence_note = models.TextField(help_text="What the study found, in plain words.")

    class Meta:
        ordering = ["citation"]

    def __str__(self):
        return self.citation


class Cause(SlugModel):
    class Category(models.TextChoices):
        FLUIDS = "fluids", _("Fluids and electrolytes")
        NEUROMUSCULAR = "neuromuscular", _("Neuromuscular")
        TRAINING = "training", _("Training load and recovery")
        CIRCULATION = "circulation", _("Circulation and nerves")
        PATTERN = "pattern", _("Pattern")

    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    summary = models.CharField(max_length=300)
    mechanism = models.TextField("how it leads to cramps")
    order = models.PositiveSmallIntegerField(default=0)
    references = models.ManyToManyField(Reference, blank=True, related_name="causes")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("library:cause-detail", args=[self.slug])


class ClaimedItemMixin:
    """Exercises and strategies: what they claim to help with, best evidence first."""

    @property
    def graded_claims(self):
        """The item's claims, best evidence first. Prefetch `claims__cause` to keep it query-free."""
        return sort_claims(self.claims.all())


def exercise_picture_path(exercise, filename):
    """Where an exercise's picture is stored: exercises/<slug>.webp (the storage adds a suffix if taken)."""
    return f"exercises/{exercise.slug or 'exercise'}.webp"


# How much one plan item may ask for: the admin, the fixtures and the coach's editor share these bounds.
MAX_SETS = 20
MAX_REPS = 200
MAX_HOLD_SECONDS = 600


def dose_number(most, verbose_name=None):
    """An optional count of a plan item's dose (sets, reps, seconds held), from 1 to `most`."""
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(most)]
    )


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
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the picture for people who cannot see it: a picture needs its alt text."}
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


class AthleteFocusManager(models.Manager):
    def get_by_natural_key(self, athlete_group):
        return self.get(athlete_group=athlete_group)


class AthleteFocus(models.Model):
    """What a kind of athlete should pay most attention to."""

    athlete_group = models.CharField(max_length=8, choices=AthleteGroup.choices, unique=True)
    title = models.CharField(max_length=100)
    summary = models.TextField()
    focus_points = models.TextField(help_text="One point per line.")
    strategies = models.ManyToManyField(Strategy, blank=True, related_name="focuses")

    objects = AthleteFocusManager()

    class Meta:
        verbose_name_plural = "athlete focuses"
        ordering = ["athlete_group"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.athlete_group,)

    def points(self):
        return [line.strip() for line in self.focus_points.splitlines() if line.strip()]


class RoutineTemplate(SlugModel):
    name = models.CharField(max_length=100, unique=True)
    purpose = models.TextField()
    causes = models.ManyToManyField(Cause, related_name="routine_templates")
    athlete_group = models.CharField(max_length=8, choices=AthleteGroup.choices, default=AthleteGroup.ALL)
    sessions_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7, "At most 7 sessions a week: one a day.")]
    )
    weeks = models.PositiveSmallIntegerField(default=4)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=7),
                name="template_sessions_per_week_1_7",
            ),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=52), name="template_weeks_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("library:routine-detail", args=[self.slug])


def sort_claims(claims):
    """Prevention claims first, then those easing a cramp in progress, then safety rules; within each, best
    evidence first, then in the library's cause order. No queries on prefetched claims."""
    return sorted(claims, key=lambda c: (PURPOSE_ORDER[c.purpose], GRADE_ORDER[c.grade], c.cause.order, c.cause.name))


def prevention_claims(claims):
    """The claims that an item prevents cramps (not relief, not safety rules), in their order. No queries."""
    return [claim for claim in claims if claim.prevents]


# What a plan item holds, copied from a template into an athlete's own plan.
PLAN_ITEM_FIELDS = ("exercise", "strategy", "sets", "reps", "hold_seconds", "dose", "notes")


class PlanItemMixin:
    """What a template's items and an assignment's items share: an exercise or a habit, with its dose.

    `claims` reads the item's claims; prefetch `exercise__claims__cause` and
    `strategy__claims__cause` (see `plan_item_prefetches`) to keep it query-free.
    """

    @property
    def item(self):
        return self.strategy if self.strategy_id else self.exercise

    @property
    def is_habit(self):
        return self.strategy_id is not None

    @property
    def name(self):
        return self.item.name

    @property
    def claims(self):
        """The item's claims, best evidence first; query-free with `plan_item_prefetches`."""
        return self.item.graded_claims

    @staticmethod
    def constraints_for(prefix):
        return [
            models.CheckConstraint(
                condition=Q(exercise__isnull=False, strategy__isnull=True)
                | Q(exercise__isnull=True, strategy__isnull=False),
                name=f"{prefix}_exercise_or_habit",
                violation_error_message="Choose an exercise or a habit for each item, not both.",
            ),
            models.CheckConstraint(
                condition=Q(strategy__isnull=True) | ~Q(dose=""),
                name=f"{prefix}_habit_has_dose",
                violation_error_message="Give a habit its dose, for example: one full rest day a week.",
            ),
        ]


def plan_item_prefetches(prefix=""):
    """The select/prefetch paths that make a plan item's name, dose and claims query-free."""
    return [
        Prefetch(f"{prefix}exercise__claims", queryset=ExerciseClaim.objects.select_related("cause", "reference")),
        Prefetch(f"{prefix}strategy__claims", queryset=StrategyClaim.objects.select_related("cause", "reference")),
    ]


class RoutineTemplateItemManager(models.Manager):
    def get_by_natural_key(self, template_slug, position):
        return self.get(template__slug=template_slug, position=position)


class RoutineTemplateItem(PlanItemMixin, models.Model):
    """One exercise (with sets, reps or a hold) or one habit (with a dose) of a plan template."""

    template = models.ForeignKey(RoutineTemplate, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, null=True, blank=True, related_name="template_items"
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="template_items",
        verbose_name="habit",
    )
    position = models.PositiveSmallIntegerField()
    sets = dose_number(MAX_SETS)
    reps = dose_number(MAX_REPS)
    hold_seconds = dose_number(MAX_HOLD_SECONDS)
    dose = models.CharField(
        max_length=120, blank=True, help_text="For a habit: how much, how often, for example: one full rest day a week."
    )
    notes = models.CharField(max_length=200, blank=True)

    objects = RoutineTemplateItemManager()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="template_item_position_unique"),
            *PlanItemMixin.constraints_for("template_item"),
        ]

    def __str__(self):
        return f"{self.template} – {self.position}. {self.item}"

    def natural_key(self):
        return (self.template.slug, self.position)

    natural_key.dependencies = ["library.routinetemplate", "library.exercise", "library.strategy"]


class RedFlag(SlugModel):
    """A warning sign that means: see a healthcare professional."""

    class Urgency(models.TextChoices):
        SOON = "soon", _("Book an appointment")
        SAME_DAY = "same_day", _("Seek care today")
        EMERGENCY = "emergency", _("Emergency care now")

    title = models.CharField(max_length=120)
    guidance = models.TextField(help_text="What the athlete should do, in plain words.")
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    order = models.PositiveSmallIntegerField(default=0)
    references = models.ManyToManyField(Reference, blank=True, related_name="red_flags")

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class LibraryRevision(models.Model):
    """A number that grows with every change to the library (library.signals), one row for the whole library.

    What is built from the library (its pages, the plans with their claims) is kept in the cache
    under the current number, so a change made through any server is seen by all at their next request.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Library revision {self.number}"


def _medicine_word_pattern(word):
    """One word or phrase to match as whole words, in any case, with or without a plural: "water tablet"
    matches "Water-tablets", "statin" matches "a statin" and "statins" but never "nystatin"."""
    parts = [re.escape(part) for part in re.split(r"[\s-]+", word.strip()) if part]
    return r"(?<!\w)" + r"[\s-]+".join(parts) + r"(?:s|es)?(?!\w)"


class CrampMedicine(SlugModel):
    """A medicine or class of medicines linked with cramps, and the words athletes write for it.

    Found in an episode's notes or the profile's other medicines, it raises the "medicines-and-conditions"
    red flag: a prompt to talk to a doctor or pharmacist, never to stop the medicine. The list and its
    sources: EVIDENCE.md (Mayo Clinic "Night leg cramps"; Allen & Kirby 2012; Garrison et al. 2012).
    """

    name = models.CharField(
        max_length=120, help_text="The medicine or class as the athlete reads it, e.g. “statins (for cholesterol)”."
    )
    match_words = models.TextField(
        help_text=(
            "Generic names, brand names and words for the class, separated by commas or new lines. Each is "
            "matched as a whole word, in any case, with or without a plural s: “statin” finds “statins” and "
            "“a statin” but not “nystatin”."
        )
    )
    note = models.TextField(blank=True, help_text="What the studies found, in plain words.")
    reference = models.ForeignKey(
        Reference, on_delete=models.SET_NULL, null=True, blank=True, related_name="cramp_medicines"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def words(self):
        """The words to match, one by one. No queries."""
        return [word.strip() for word in re.split(r"[,\n]", self.match_words) if word.strip()]

    @cached_property
    def matcher(self):
        """A compiled pattern finding any of `words` (None when there are none). No queries."""
        words = sorted(self.words, key=len, reverse=True)  # "water tablet" before "water"
        if not words:
            return None
        return re.compile("|".join(_medicine_word_pattern(word) for word in words), re.IGNORECASE)

    def find_in(self, text):
        """The first match of this medicine's words in `text` (an re.Match), or None. No queries."""
        return self.matcher.search(text) if text and self.matcher else None
