"""The second step's forms: a code from the authenticator app, or a recovery code.

Each checks its code against one device through django-otp (`django_otp.verify_token`, in a transaction
that locks the device row), so wrong codes are throttled: after each one the device refuses every code,
right or wrong, for twice as long as after the one before (1, 2, 4, 8 … seconds times
settings.OTP_TOTP_THROTTLE_FACTOR). While it refuses, the form says how long to wait.
"""

import math
import re

import django_otp
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cramps import security
from cramps.input import SafeInputMixin

from .models import CODE_LENGTH, normalise


def wait_for(locked_until):
    """How long until the device takes codes again, in words ("8 seconds", "3 minutes")."""
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 60:
        return ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds}
    return security.minutes(math.ceil(seconds / 60))


class DeviceCodeForm(SafeInputMixin, forms.Form):
    """A code for one device. After is_valid(): `device` is the device that took it; else `failed` (a real
    code that was wrong) or `throttled` (not checked: too many wrong ones lately) says why not."""

    wrong = ""

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        self.failed = self.throttled = False

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if code is None:
            return cleaned
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            self.throttled = True
            locked_until = (details or {}).get("locked_until")
            wait = wait_for(locked_until) if locked_until else _("a minute")
            self.add_error("code", _("Too many wrong codes. Wait %(wait)s, then try again.") % {"wait": wait})
            return cleaned
        verified = django_otp.verify_token(self.user, self.device.persistent_id, code)
        if verified is None:
            self.failed = True
            self.device.refresh_from_db()  # its count of wrong codes, for the security log
            self.add_error("code", self.wrong)
        else:
            self.device = verified
        return cleaned

    @property
    def failures(self):
        return self.device.throttling_failure_count


class CodeForm(DeviceCodeForm):
    """The 6-digit code the member's authenticator app shows now."""

    code = forms.CharField(
        label=gettext_lazy("6-digit code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": gettext_lazy("Enter the 6-digit code your app shows.")},
    )

    @property
    def wrong(self):
        return _("That code is not right. Codes change every 30 seconds: type the one your app shows now.")

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits your app shows, without letters."))
        return code


class RecoveryCodeForm(DeviceCodeForm):
    """One of the member's recovery codes (XXXX-XXXX-XXXX), in any case, with or without its dashes."""

    code = forms.CharField(
        label=gettext_lazy("Recovery code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
        error_messages={"required": gettext_lazy("Enter one of your recovery codes.")},
    )

    @property
    def wrong(self):
        return _("That is not one of your recovery codes, or it has been used already.")

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(_("A recovery code has 12 letters and digits, like 7KQ2-M9XD-4HPA."))
        return code
