"""The demo accounts' authenticator app: one fixed secret, written in the README, for local development.

`manage.py seed_demo` gives it to the demo coach and the demo library editor (both must sign in with a
code); `manage.py demo_code <username>` prints the code it shows now, for anyone without a phone to hand.
Both run with DEBUG on only. Never use this secret for a real account.
"""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from . import devices

DEMO_SECRET = "CRAMPSDEMOCODE234567CRAMPSDEMO23"  # base32, as an authenticator app takes it typed in
DEMO_SECRET_SHOWN = " ".join(DEMO_SECRET[i : i + 4] for i in range(0, len(DEMO_SECRET), 4))
DEMO_KEY = b32decode(DEMO_SECRET).hex()  # as django-otp stores it
DEMO_DEVICE_NAME = "Demo authenticator (README)"


def give_demo_authenticator(user):
    """A confirmed authenticator app with the demo secret, unless the account has one already (the demo
    one, or one its user set up instead): running the seed again changes nothing. Two queries at most."""
    return devices.authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name=DEMO_DEVICE_NAME, key=DEMO_KEY, confirmed=True
    )


def is_demo_device(device):
    return device is not None and device.key == DEMO_KEY
