"""The security log and the answers to throttled log-ins and invite codes.

Every line of the `cramps.security` logger says who did what: an event name, then
key=value pairs (user, IP address, path). It never holds a password, a session id,
a code being tried or anything an athlete wrote.
"""

import logging
import math
import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from . import lockouts
from .log_paths import logged_path

log = logging.getLogger("cramps.security")


ACTIVE_AT = "active_at"


def mark_active(session):
    """Note in the session when its member was last seen (whole seconds)."""
    session[ACTIVE_AT] = int(time.time())


def client_ip(request):
    """The client's address: the proxy's last X-Forwarded-For entry behind one, else REMOTE_ADDR."""
    if request is None:
        return ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.CLIENT_IP_FROM_FORWARDED_FOR and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def record(event, request=None, **details):
    """Write one line to the security log: the event, then who, from where and on what.

    A path that holds a code or token is written as its pattern, e.g. path=/join/<str:code>/."""
    user = getattr(request, "user", None)
    who = {"user": user.get_username()} if user is not None and user.is_authenticated else {}
    where = {"ip": client_ip(request), "path": logged_path(request)} if request is not None else {}
    fields = {**who, **details}
    fields = {**{key: fields.pop(key) for key in ("user", "ip") if key in fields}, **where, **fields}
    log.info("%s %s", event, " ".join(f"{key}={value}" for key, value in fields.items()))


def refuse(request, reason):
    """Note why a view refused a signed-in member; the `denied` line for its 403 or 404 says so."""
    request.security_refusal = reason


def record_denied(request, response):
    """The `denied` line for a signed-in member's 403 or 404 (cramps.middleware.PrivatePagesMiddleware)."""
    reason = getattr(request, "security_refusal", None)
    record(
        "denied",
        request,
        status=response.status_code,
        method=request.method,
        **({"reason": reason} if reason else {}),
    )


def minutes(count):
    return ngettext("%(n)s minute", "%(n)s minutes", count) % {"n": count}


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out log-in gets (django-axes calls this): how long is left to wait, and why."""
    ends, whole_address = lockouts.lockout(request, credentials)
    left = (ends - timezone.now()).total_seconds() if ends else settings.LOGIN_COOL_OFF_MINUTES * 60
    context = {
        "wait": minutes(max(math.ceil(left / 60), 1)),
        "failure_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT if whole_address else settings.AXES_FAILURE_LIMIT,
        "whole_address": whole_address,
    }
    return render(request, "registration/locked_out.html", context, status=429)


# Log-ins ----------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="cramps-security-logged-in")
def on_logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    # The idle clock starts at log-in, so the first page after it writes nothing.
    mark_active(request.session)
    record("login", request, user=user.get_username())


@receiver(user_logged_out, dispatch_uid="cramps-security-logged-out")
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("logout", request, user=user.get_username())


@receiver(user_login_failed, dispatch_uid="cramps-security-login-failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in `credentials`; only the username is kept.
    record("login-failed", request, user=credentials.get("username", ""))


@receiver(user_locked_out, dispatch_uid="cramps-security-locked-out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record("lockout", request, user=username or "", ip=ip_address or "")


# Invite codes -------------------------------------------------------------------
# A counter per athlete in the "throttle" cache, a database table that every worker process
# shares: django-axes counts log-in credentials, not other forms, and a wrong code needs no
# model of its own. The count and the end of its window are kept together, so the window
# starts at the first wrong code and later ones do not move it. A visitor who is not signed in
# (an invite link opened before signing up) is counted by address instead, as a keyed hash.


def _invite_key(user, request=None):
    if user.is_authenticated:
        return f"invite-code-failures:{user.pk}"
    address = salted_hmac("cramps.throttle-address", client_ip(request)).hexdigest()
    return f"invite-code-failures-address:{address}"


def invite_tries_exhausted(user, request=None):
    """Whether this athlete (or, signed out, this `request`'s address) has used up their wrong invite codes for
    now. One query."""
    failures, _ = caches["throttle"].get(_invite_key(user, request), (0, 0))
    return failures >= settings.INVITE_CODE_FAILURE_LIMIT


def count_in_window(key, window_minutes, limit=None):
    """Count one more against `key` in the "throttle" cache, in a window of `window_minutes` that starts at
    its first count (later ones do not move it); the new count. At `limit` nothing more is counted: None.
    A few queries."""
    throttle, now = caches["throttle"], time.time()
    count, window_ends = throttle.get(key, (0, now + window_minutes * 60))
    if limit is not None and count >= limit:
        return None
    throttle.set(key, (count + 1, window_ends), timeout=max(window_ends - now, 1))
    return count + 1


def count_wrong_invite_code(request):
    """Count one wrong code; the window starts at the first and the count ends with it. A few queries."""
    failures = count_in_window(_invite_key(request.user, request), settings.INVITE_CODE_WINDOW_MINUTES)
    record("invite-code-failed", request, failures=failures)
    if failures == settings.INVITE_CODE_FAILURE_LIMIT:
        record("invite-code-locked", request)


def invite_wait():
    return minutes(settings.INVITE_CODE_WINDOW_MINUTES)


# Requests that send email --------------------------------------------------------
# Password reset links and email change links, counted per account and per address in the "throttle"
# cache, each in a window that starts at its first request. Beyond a limit nothing more is sent and
# the page answers as before, so it tells nobody anything new about an account. The table keeps its
# keys after they expire: an address goes in as a keyed hash, not as itself.


def within_limit(key, limit):
    """Count one request against `key`; whether it is within `limit` in the window
    (EMAIL_REQUEST_WINDOW_MINUTES from the first). One beyond it is not counted. A few queries."""
    return count_in_window(key, settings.EMAIL_REQUEST_WINDOW_MINUTES, limit) is not None


def address_within_limit(request, kind, limit):
    """One `kind` of request ("password-reset", "email-change") from the request's address, within `limit`?"""
    address = salted_hmac("cramps.throttle-address", client_ip(request)).hexdigest()
    if within_limit(f"{kind}-address:{address}", limit):
        return True
    record(f"{kind}-limited", request, per="address")
    return False


def account_within_limit(user, kind, limit, request=None):
    """One `kind` of request for `user`'s account, within `limit`?"""
    if within_limit(f"{kind}-account:{user.pk}", limit):
        return True
    record(f"{kind}-limited", request, user=user.get_username(), per="account")
    return False
