"""A coach's invite code and the dashboard's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin

from ..models import (
    CoachInvite,
)

# Coaching -------------------------------------------------------------------


USED_INVITE_MESSAGE = _("This code has already been used: each code works once. Ask your coach for a new one.")


class InviteCodeForm(SafeInputMixin, forms.Form):
    code = forms.CharField(
        label=_("Invite code"), max_length=300, help_text=_("The 8 letters and digits from your coach, or their link.")
    )

    def clean_code(self):
        # Accept the code with stray spaces or lower case, or the whole link pasted in.
        code = self.cleaned_data["code"].strip().rstrip("/").rsplit("/", 1)[-1].upper()
        invite = CoachInvite.objects.select_related("coach").filter(code=code).first()
        # A code made by an account that no longer coaches (now a library editor, or staff) opens nothing.
        if invite is None or invite.is_expired or not invite.coach.is_coach:
            raise forms.ValidationError(_("This code is not valid or has expired. Ask your coach for a new one."))
        if invite.is_used:
            raise forms.ValidationError(USED_INVITE_MESSAGE)
        self.invite = invite
        return code


class DashboardFilterForm(SafeInputMixin, forms.Form):
    SHOW_CHOICES = [
        ("all", _("All athletes")),
        ("attention", _("Needs attention")),
        ("no_routine", _("No active routine")),
    ]

    q = forms.CharField(label=_("Search athletes"), required=False, max_length=100)
    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOW_CHOICES)
