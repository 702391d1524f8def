"""What the whole library shares: the choice lists, evidence grades and purposes, the slug key, dose bounds,
which language a translated text is read in, and the library's revision row."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language


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

    def save(self, *args, **kwargs):
        """Saved in the default language, whatever the reader's: a translated field's own column (`name`
        beside `name_en` and `name_es`, library.translation) takes the text of the language active while
        saving, and it must stay the English one, which is unique and what the app reads without
        modeltranslation."""
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)


def in_default_language(name):
    """The field holding the default language's text of the translated field `name` (library.translation):
    "image_alt" -> "image_alt_en". The text every other language falls back to."""
    return build_localized_fieldname(name, settings.LANGUAGE_CODE)


def in_active_language(item, name):
    """`item`'s text of the translated field `name` as written in the active language, or "" while it has
    none in it: unlike `item.<name>`, never the English text in its place. No queries."""
    return getattr(item, build_localized_fieldname(name, get_language()), None) or ""


# How much one plan item may ask for: the admin, the fixtures and the coach's editor share these bounds.
MAX_SETS = 20
MAX_REPS = 200
MAX_HOLD_SECONDS = 600


def dose_number(most, verbose_name=None):
    """An optional count of a plan item's dose (sets, reps, seconds held), from 1 to `most`."""
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(most)]
    )


class LibraryRevision(models.Model):
    """A number that grows with every change to the library (library.signals), one row for the whole library.

    What is built from the library (its pages, the plans with their claims) is kept in the cache
    under the current number, so a change made through any server is seen by all at their next request.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Library revision {self.number}"
