"""Signing in with both steps in tests and the benchmark, the way a member's phone would.

`give_authenticator` gives a member a confirmed authenticator app; `next_code` works out the code the app
shows (as the phone does, from the shared secret); `pass_second_step` marks a Django test client's
session verified by that device through django-otp's own `django_otp.login`, as the code page does after
a right code (the client's `force_login` has already skipped the password, as it always does).
"""

import copy
import time

import django_otp
from django.http import HttpRequest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import devices


def give_authenticator(user):
    """The member's confirmed authenticator app: the one they have, else a new one with a random secret."""
    return devices.authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name=devices.APP_DEVICE_NAME, confirmed=True
    )


def next_code(device):
    """A code the device takes now: the current step's, or if that one was used already (a code works once)
    the next step's, which the device takes too (one step of tolerance either way, as for a phone whose clock
    runs a little fast). When both were used, waits for the clock to move on."""
    while True:
        device.refresh_from_db()
        code, wait = devices.usable_code(device)
        if code is not None:
            return code
        time.sleep(wait + 0.05)


def set_up_with_the_page(client, user):
    """Set up an authenticator app the way the member does: open the set-up page, then send the code the new
    app shows. Returns the recovery codes the page then shows."""
    client.get(reverse("twofactor:set-up"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("twofactor:set-up"), {"code": next_code(device)})
    assert response.status_code == 200, response.status_code
    return response.context["codes"]


def pass_second_step(client, user):
    """Mark `client`'s signed-in session verified by the member's authenticator app (given them if they had
    none), as the code page does with a right code."""
    device = give_authenticator(user)
    request = HttpRequest()
    request.session = client.session
    request.user = copy.copy(user)  # django_otp.login notes the device on it: not on the caller's object
    django_otp.login(request, device)
    request.session.save()
    return device
