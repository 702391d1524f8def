"""Causes of cramps and the references (studies, guidelines) the library cites."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import SlugModel


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
