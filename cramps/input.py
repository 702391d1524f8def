"""What the app accepts as input: dates it can compute with, ids the database can hold, and text without
control characters. Forms take these in one place, `SafeInputMixin`; models take the validators and constraints.
"""

import re
from datetime import UTC, date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every stored date lies in these years, so "its end", "its week" and local times can never overflow.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EARLIEST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)

# The largest id the databases hold (SQLite INTEGER, PostgreSQL bigint).
MAX_ID = 2**63 - 1

# Control characters: none in a line of text; tab and line breaks only in text that has several lines.
# Beside the ASCII ones: the C1 controls (U+0080-U+009F, with NEL, U+0085, a line break), Unicode's line
# and paragraph separators (U+2028, U+2029), and the bidirectional controls (marks, embeddings,
# overrides and isolates), which can make a name display as someone else's.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
LINE_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
TEXT_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")


def validate_sane_date(value):
    """A date (or moment) between 2000 and 2100."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        within = EARLIEST_MOMENT <= value <= LATEST_MOMENT
    else:
        day = value.date() if isinstance(value, datetime) else value
        within = EARLIEST_DATE <= day <= LATEST_DATE
    if not within:
        raise ValidationError(_("Enter a date between 2000 and 2100."), code="date_out_of_range")


def validate_single_line(value):
    """Text on one line, with no control characters (names, titles, codes)."""
    if LINE_CONTROL.search(value):
        raise ValidationError(_("Use letters, digits and punctuation on one line only."), code="control_characters")


def one_line(text):
    """`text` fit for an email header: one line, every line break a space, no control character left.

    Names are refused with these at the form; this also covers text stored before that rule.
    """
    return LINE_CONTROL.sub("", " ".join(str(text).splitlines())).strip()


def validate_text(value):
    """Free text: line breaks and tabs are fine, other control characters are not."""
    if TEXT_CONTROL.search(value):
        raise ValidationError(_("Remove the control characters from this text."), code="control_characters")


def date_in_range(field_name, *, null=False):
    """A CheckConstraint condition: the date field lies between 2000 and 2100 (or is empty, if `null`)."""
    condition = models.Q(**{f"{field_name}__gte": EARLIEST_DATE, f"{field_name}__lte": LATEST_DATE})
    return models.Q(**{f"{field_name}__isnull": True}) | condition if null else condition


def moment_in_range(field_name, *, null=False):
    """A CheckConstraint condition: the datetime field lies between 2000 and 2100 (UTC)."""
    condition = models.Q(**{f"{field_name}__gte": EARLIEST_MOMENT, f"{field_name}__lte": LATEST_MOMENT})
    return models.Q(**{f"{field_name}__isnull": True}) | condition if null else condition


def _is_integer_id_field(field):
    if not isinstance(field, forms.ModelChoiceField) or field.to_field_name:
        return False
    return isinstance(field.queryset.model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)


def _values(value):
    if isinstance(value, list | tuple):
        return value
    return [value]


def _guarded(field):
    """Wrap `field.clean` so raw values are checked before the field parses them (and before any query)."""
    original = field.clean
    text_check = validate_text if isinstance(field.widget, forms.Textarea) else validate_single_line
    ids = _is_integer_id_field(field)
    dates = isinstance(field, forms.DateField | forms.DateTimeField)

    def clean(value):
        for raw in _values(value):
            if not isinstance(raw, str):
                continue
            text_check(raw)
            if ids and raw.strip().lstrip("-").isdigit() and abs(int(raw)) > MAX_ID:
                raise ValidationError(_("Select a valid choice from the list."), code="invalid_choice")
        cleaned = original(value)
        if dates and cleaned is not None:
            validate_sane_date(cleaned)
        return cleaned

    field.clean = clean


class SafeInputMixin:
    """For every form: control characters, ids too large for the database and dates outside 2000–2100
    are a clear error beside the field, before the field's own cleaning runs. Put it first among a form's bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _guarded(field)
