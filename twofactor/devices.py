"""A member's second step: their authenticator app (django-otp's TOTPDevice) and their recovery codes.

Who must have one, setting one up, replacing and removing it, and what the profile says about it.
Views call these; nothing here reads the request.
"""

import time
from base64 import b32encode
from dataclasses import dataclass

import qrcode
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils.safestring import mark_safe
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.compat.etree import ET
from qrcode.image.svg import SvgPathImage

from .models import RecoveryCode, RecoveryCodeDevice

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
QR_SIZE = "200"  # px each way: a phone's camera reads it from the screen, and it fits a 390 px wide phone


def required_for(user):
    """Whether `user` must sign in with a code after the password: everyone but a plain athlete. Coaches
    read their athletes' health data, and library editors and every other staff account work in the admin.
    No queries."""
    return user.is_staff or user.is_superuser or not user.is_athlete


def authenticator_of(user):
    """The member's confirmed authenticator app, or None. One query."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_of(user):
    """The member's set of recovery codes, or None. One query."""
    return RecoveryCodeDevice.objects.filter(user=user).first()


def start_set_up(user):
    """The authenticator app being set up: the one started earlier and not yet confirmed (so a reloaded page
    shows the same secret), else a new one with a new random secret. One or two queries."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def finish_set_up(device):
    """Confirm `device` (its code was right): it replaces any other authenticator app the member had, and
    new recovery codes replace the old. Returns the new codes, as shown: the only time they are readable.
    Sessions verified by a replaced device, the old app or the old recovery codes, are asked for a code
    again (django-otp finds their device gone). A few queries and ten hashes."""
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    RecoveryCodeDevice.objects.filter(user_id=device.user_id).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = RecoveryCodeDevice.objects.create(user_id=device.user_id, name=RECOVERY_DEVICE_NAME)
    return recovery.replace_codes()


@transaction.atomic
def turn_off(user):
    """Remove the member's authenticator app and recovery codes. Two queries."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()


@dataclass(frozen=True)
class Status:
    on: bool  # a confirmed authenticator app
    codes_left: int  # recovery codes not used yet
    required: bool  # by the member's role: they cannot turn it off
    signed_in_with_recovery_code: bool  # this session's second step


def status_of(user):
    """What the profile says: whether the member has two-factor sign-in on, whether their role requires it,
    how many recovery codes they have left, and whether this session passed with one (`user` is the
    request's: django-otp put the session's device on it). One query."""
    codes = (
        RecoveryCode.objects.filter(device__user=OuterRef("user"))
        .order_by()
        .values("device__user")
        .annotate(left=Count("pk"))
        .values("left")[:1]
    )
    row = (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        .annotate(codes_left=Subquery(codes))
        .values("pk", "codes_left")
        .first()
    )
    return Status(
        on=row is not None,
        codes_left=(row or {}).get("codes_left") or 0,
        required=required_for(user),
        signed_in_with_recovery_code=isinstance(getattr(user, "otp_device", None), RecoveryCodeDevice),
    )


def secret_of(device):
    """The device's secret as an authenticator app takes it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def code_at(device, step):
    """The code `device`'s app shows in time step `step` (counted as the device counts, its drift included),
    six digits with leading zeros: what an authenticator app works out from the shared secret."""
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def step_now(device):
    """The time step the device takes as now (its drift included)."""
    return (int(time.time()) - device.t0) // device.step + device.drift


def usable_code(device):
    """A code `device` takes now, or None and the seconds until it will take one. The current step's code,
    or if that was used already (a code works once) the next step's, which the device takes too (one step of
    tolerance, as for a phone whose clock runs a little fast). No queries: refresh `device` first."""
    now = step_now(device)
    step = max(now, device.last_t + 1)
    if step <= now + device.tolerance:
        return code_at(device, step), 0
    return None, device.step - (time.time() - device.t0) % device.step


def qr_code(device, *, label):
    """The device's otpauth:// address (its config_url) as an inline SVG QR code: one <path>, no style or
    script, so the Content-Security-Policy holds. `label` is its text alternative."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, border=4)
    svg = image.get_image()
    svg.set("width", QR_SIZE)
    svg.set("height", QR_SIZE)
    svg.set("role", "img")
    svg.set("aria-label", str(label))
    svg.set("class", "d-block")
    # ElementTree escapes every attribute value, the username in the address included.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
