"""What several of the app's forms share: limits in time and the fields they ask alike."""

import uuid
from datetime import timedelta

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ..days import TIME_ZONE_CHOICES
from ..models import (
    ATHLETE_TYPE_DESCRIPTIONS,
    AthleteType,
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


def idempotency_key_field():
    """A hidden key made when the form is drawn: the same key posted twice saves once (a double tap, a re-sent form).

    The quick log and the daily check-in carry it; offline sending keeps it, so a form sent late is still saved once.
    """
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


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
