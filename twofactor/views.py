"""Two-factor sign-in: the code after the password, a recovery code instead, setting up and turning off.

Log in with the password → (SecondStepMiddleware) "Enter the 6-digit code" → `django_otp.login`
marks the session verified → the page first asked for. Coaches and staff without a device are sent to
set one up first; athletes choose to, from their profile.
"""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from athletes.forms import PasswordConfirmForm
from athletes.views.shared import is_local_path
from cramps import security

from . import devices, steps
from .forms import CodeForm, RecoveryCodeForm


def _next(request, default="home"):
    """Where to go once the step is done: the page first asked for, if it is a path on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    return url if is_local_path(request, url) else reverse(default)


def _render(request, template, context):
    """Render a step's page. While the session still owes the step, the page offers nothing but the step
    and logging out: no menu of pages it cannot open yet, no quick log."""
    owed = steps.step_due(request) is not None
    return render(request, template, {**context, "second_step": owed, **({"quick_form": None} if owed else {})})


def _passed(request, device, method):
    """The session has passed the second step with `device`. A new session key, as at every change of rights."""
    django_otp.login(request, device)
    request.session.cycle_key()
    request.session[steps.SESSION_KEY] = True
    security.record("two-factor-passed", request, method=method)


def _refused(request, form, method):
    if form.throttled:
        security.record("two-factor-throttled", request, method=method)
    elif form.failed:
        security.record("two-factor-failed", request, method=method, failures=form.failures)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step: the 6-digit code from the member's authenticator app."""
    user, next_url = request.user, _next(request)
    if steps.is_verified(user):
        return redirect(next_url)
    device = devices.authenticator_of(user)
    if device is None:  # nothing to ask for: set one up if the role needs one
        return redirect(steps.step_url("set-up", next_url) if devices.required_for(user) else next_url)
    form = CodeForm(request.POST if request.method == "POST" else None, user=user, device=device)
    if request.method == "POST":
        if form.is_valid():
            _passed(request, form.device, "app")
            return redirect(next_url)
        _refused(request, form, "app")
    return _render(request, "twofactor/verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def recovery(request):
    """The second step with a recovery code, when the phone is lost. Each code works once; the profile then
    says how many are left and offers to set up a new device."""
    user, next_url = request.user, _next(request)
    if steps.is_verified(user):
        return redirect(next_url)
    if devices.authenticator_of(user) is None:
        return redirect(steps.step_url("verify", next_url))  # which sends on to set-up, or to the page
    device = devices.recovery_codes_of(user)
    codes_left = device.codes.count() if device is not None else 0
    form = RecoveryCodeForm(request.POST if request.method == "POST" else None, user=user, device=device)
    if request.method == "POST" and device is not None:
        if form.is_valid():
            _passed(request, form.device, "recovery-code")
            security.record("recovery-code-used", request, left=codes_left - 1)
            return redirect("profile")
        _refused(request, form, "recovery-code")
    return _render(request, "twofactor/recovery.html", {"form": form, "next": next_url, "codes_left": codes_left})


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Set up an authenticator app: a QR code and the same secret as text, then a code from the app to show
    it works. Only a right code confirms the device; then come ten recovery codes, shown this once.

    A member who has a device already may replace it only from a verified session: a password alone
    never replaces the second factor.
    """
    user = request.user
    verified = steps.is_verified(user)
    current = devices.authenticator_of(user)
    next_url = _next(request, default="home" if devices.required_for(user) and not verified else "profile")
    if current is not None and not verified:
        return redirect(steps.step_url("verify", next_url))
    device = devices.start_set_up(user)
    form = CodeForm(request.POST if request.method == "POST" else None, user=user, device=device)
    if request.method == "POST":
        if form.is_valid():
            codes = devices.finish_set_up(form.device)
            _passed(request, form.device, "app")
            security.record("two-factor-set-up", request, replaced=current is not None)
            return _render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": next_url})
        _refused(request, form, "set-up")
    context = {
        "form": form,
        "next": next_url,
        "replacing": current is not None,
        "required": devices.required_for(user),
        "qr_code": devices.qr_code(device, label=_("QR code to scan with your authenticator app")),
        "secret": devices.secret_of(device),
    }
    return _render(request, "twofactor/set_up.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request):
    """An athlete turns two-factor sign-in off, with their password again. Coaches and staff cannot: 404."""
    user = request.user
    if devices.required_for(user):
        security.refuse(request, "two-factor-required")
        raise Http404
    if not devices.status_of(user).on:
        return redirect("profile")
    form = PasswordConfirmForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        devices.turn_off(user)
        request.session[steps.SESSION_KEY] = False
        security.record("two-factor-off", request)
        messages.success(request, _("Two-factor sign-in is off. Your password alone now signs you in."))
        return redirect("profile")
    return _render(request, "twofactor/turn_off.html", {"form": form})
