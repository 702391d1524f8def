"""Report share links and comments."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cramps.input import SafeInputMixin

from ..models import (
    MAX_COMMENT_LENGTH,
    MAX_SHARE_DAYS,
    MAX_SHARE_LABEL_LENGTH,
    MIN_SHARE_DAYS,
    Comment,
)


class ReportShareForm(SafeInputMixin, forms.Form):
    """A new link to the report: how many days it works, and (optionally) who it is for."""

    days = forms.IntegerField(
        label=_("Works for (days)"),
        min_value=MIN_SHARE_DAYS,
        max_value=MAX_SHARE_DAYS,
        initial=7,
        help_text=format_lazy(
            _("From {low} to {high} days; you can revoke it sooner."), low=MIN_SHARE_DAYS, high=MAX_SHARE_DAYS
        ),
        error_messages={
            "invalid": format_lazy(
                _("Enter a whole number of days from {low} to {high}."), low=MIN_SHARE_DAYS, high=MAX_SHARE_DAYS
            ),
            "min_value": format_lazy(
                ngettext_lazy(
                    "A link works for at least {n} day.", "A link works for at least {n} days.", MIN_SHARE_DAYS
                ),
                n=MIN_SHARE_DAYS,
            ),
            "max_value": format_lazy(
                ngettext_lazy(
                    "A link works for at most {n} day.", "A link works for at most {n} days.", MAX_SHARE_DAYS
                ),
                n=MAX_SHARE_DAYS,
            ),
            "required": format_lazy(
                _("Say how many days the link works, from {low} to {high}."), low=MIN_SHARE_DAYS, high=MAX_SHARE_DAYS
            ),
        },
    )
    label = forms.CharField(
        label=_("Who it is for"),
        required=False,
        max_length=MAX_SHARE_LABEL_LENGTH,
        help_text=_("Optional, for your list only: for example “Physio, Dr Patel”."),
    )

    def clean_label(self):
        return " ".join(self.cleaned_data["label"].split())


class CommentForm(SafeInputMixin, forms.ModelForm):
    """A comment on a plan, a session or an episode: up to 1,000 characters of plain text."""

    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Add a comment")}
        widgets = {
            "text": forms.Textarea(
                attrs={"rows": 2, "maxlength": MAX_COMMENT_LENGTH, "class": "form-control form-control-sm"}
            )
        }
        error_messages = {
            "text": {
                "required": _("Write your comment first: it is empty."),
                "max_length": _("Keep it to %(limit_value)d characters (it has %(show_value)d)."),
            }
        }
