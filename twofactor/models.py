"""Recovery codes: ten one-time codes a member keeps on paper, for when their phone is lost.

django-otp's own static codes (otp_static) are stored as they are written; these are stored as
password hashes (Django's make_password), so the table holds nothing that signs anyone in. A code is
twelve characters from an alphabet with no look-alikes, shown as XXXX-XXXX-XXXX; its first four
characters are also kept as they are, to find its row (as a username finds a password), so checking a
code costs one hash, not ten. What is left to guess, 40 random bits behind a salted PBKDF2 hash, is
what ASVS 2.6.2 asks of lookup secrets under 112 bits. Wrong codes are throttled as the authenticator
app's are (django-otp's ThrottlingMixin, settings.OTP_TOTP_THROTTLE_FACTOR).
"""

import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

RECOVERY_CODE_COUNT = 10
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 characters: no 0/O, no 1/I
CODE_LENGTH = 12
LOOKUP_LENGTH = 4


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2-SHA256 at a tenth of its iterations, for codes that are random rather than words a
    person chose: ten of them hash in about the time of one password. The hash names its algorithm
    (pbkdf2_sha256) and its iterations, so check_password verifies it with Django's own hasher."""

    iterations = PBKDF2PasswordHasher.iterations // 10


def normalise(text):
    """A code as typed (any case, spaces or dashes) as it is stored: twelve capitals and digits."""
    return re.sub(r"[\s-]", "", text or "").upper()


def shown(code):
    """XXXX-XXXX-XXXX, as the member reads and writes it down."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A member's set of recovery codes (one set each): a django-otp device whose tokens are the codes."""

    class Meta:
        verbose_name = "recovery code set"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_recovery_code_set_per_user")]

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def replace_codes(self, count=RECOVERY_CODE_COUNT):
        """New codes in place of any left. Returns them as shown (XXXX-XXXX-XXXX): the only time they exist
        in plain text. Two queries and `count` hashes."""
        codes, lookups = [], set()
        while len(codes) < count:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if code[:LOOKUP_LENGTH] not in lookups:
                lookups.add(code[:LOOKUP_LENGTH])
                codes.append(code)
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, lookup=code[:LOOKUP_LENGTH], hashed=make_password(code, hasher=HASHER))
            for code in codes
        )
        return [shown(code) for code in codes]

    def verify_token(self, token):
        """Whether `token` is one of the codes left; a right one is used up (deleted). A wrong one counts
        towards the throttle, and while it holds nothing is checked. A few queries and one hash."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        code = normalise(token)
        row = self.codes.filter(lookup=code[:LOOKUP_LENGTH]).first() if len(code) == CODE_LENGTH else None
        if row is not None and check_password(code, row.hashed):
            row.delete()
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        if row is None:
            make_password(code, hasher=HASHER)  # as long as a real check: the time tells nothing of the rows
        self.throttle_increment()
        return False


HASHER = RecoveryCodeHasher()


class RecoveryCode(models.Model):
    """One unused recovery code, hashed. Used codes are deleted, so the rows left are the codes left."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(max_length=LOOKUP_LENGTH, help_text="The code's first four characters, to find it.")
    hashed = models.CharField(max_length=128)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "lookup"], name="recovery_code_lookup_unique")]

    def __str__(self):
        return "recovery code"
