"""The reminder email and the link in it that turns reminders off, without logging in.

The link carries a signed token naming the athlete, the kind and its time of day: it stops working
once the athlete changes that time, and after UNSUBSCRIBE_MAX_AGE. The email itself is written here
for the task worker (email_kinds), which must not depend on the pass that finds what is due.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from .language import in_language_of
from .models import AthleteProfile, Reminder

logger = logging.getLogger(__name__)


UNSUBSCRIBE_SALT = "cramps.reminder-unsubscribe"

Kind = Reminder.Kind
# The profile switch that turns each kind on or off, and the profile field with its time of day.
SWITCH_OF = {Kind.CHECKIN: "checkin_reminder", Kind.SESSION: "session_reminder"}
TIME_OF = {Kind.CHECKIN: "checkin_reminder_time", Kind.SESSION: "plan_session_time"}
# A stop link works while the settings it was sent under hold (the kind's time of day), and for at
# most this long: a link in an old email, or one forwarded, stops working on its own.
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


def checkin_url():
    """The check-in page, for the email."""
    return settings.SITE_URL + reverse("athletes:checkin")


def unsubscribe_token(athlete, kind):
    """The signed token of the link that turns `kind` of reminder off for `athlete`, made for the
    settings in force: it names the kind's time of day, and stops working once that changes or after
    UNSUBSCRIBE_MAX_AGE. No queries when the athlete's profile is loaded (as due_reminders loads it)."""
    at = getattr(athlete.athlete_profile, TIME_OF[Kind(kind)]).strftime("%H:%M")
    return signing.dumps({"athlete": athlete.pk, "kind": str(kind), "at": at}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(athlete id, Kind, time of day) a token names, or None for one broken, tampered with, too old or of
    another kind. No queries."""
    try:
        claim = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired too
        return None
    if (
        not isinstance(claim, dict)
        or claim.get("kind") not in SWITCH_OF
        or not isinstance(claim.get("athlete"), int)
        or not isinstance(claim.get("at"), str)
    ):
        return None
    try:
        at = datetime.strptime(claim["at"], "%H:%M").time()
    except ValueError:
        return None
    return claim["athlete"], Kind(claim["kind"]), at


def profiles_named_by(claim):
    """The athlete profile a token's claim (read_unsubscribe_token) is for, while the settings it was made
    under hold: a queryset of one or none. No queries until evaluated."""
    athlete_id, kind, at = claim
    return AthleteProfile.objects.filter(user_id=athlete_id, **{TIME_OF[kind]: at})


def unsubscribe(token):
    """Turn off the kind of reminder a token names; its kind, or None for a bad token (read_unsubscribe_token),
    one whose settings changed since, or one of an account that is gone. One query (none for a bad token)."""
    claim = read_unsubscribe_token(token)
    if claim is None:
        return None
    updated = profiles_named_by(claim).update(**{SWITCH_OF[claim[1]]: False})
    return claim[1] if updated else None


def reminder_email(athlete, kind):
    """(subject, body, headers) of the `kind` of reminder email for `athlete`, in their language. No queries.

    Neutral on purpose: nothing about cramps, plans or health beyond "time for your check-in"
    or "today's plan session", in the subject or the body.
    """
    token = unsubscribe_token(athlete, kind)
    stop_url = settings.SITE_URL + reverse("athletes:reminder-unsubscribe", args=[token])
    one_click_url = settings.SITE_URL + reverse("athletes:reminder-unsubscribe-one-click", args=[token])
    profile_url = settings.SITE_URL + reverse("profile")
    with in_language_of(athlete):
        if kind == Kind.CHECKIN:
            subject = _("Cramps: time for your check-in")
            lead = _("It is time for your daily check-in: a few seconds to say how today went.")
            page_url = checkin_url()
        else:
            subject = _("Cramps: today's plan session")
            lead = _("Today's plan session is waiting for you.")
            page_url = settings.SITE_URL + reverse("athletes:routine")
        stop = _("To stop these reminders, open this link (no log-in needed):")
        again = _("You can turn them on again in your profile:")
        body = f"{lead}\n{page_url}\n\n{stop}\n{stop_url}\n{again}\n{profile_url}\n"
    headers = {"List-Unsubscribe": f"<{one_click_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return subject, body, headers
