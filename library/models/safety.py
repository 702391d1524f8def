"""Red flags (warning signs that send the athlete to a healthcare professional) and the medicines linked
with cramps that raise one."""

import re
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import SlugModel
from .causes import Reference


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
