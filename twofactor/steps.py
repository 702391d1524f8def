"""The second step of signing in: which sessions still owe a code, and where they go to give it.

At log-in the session notes whether its account asks for a code (SESSION_KEY); django-otp's
OTPMiddleware marks a session verified once a code was right (django_otp.login). Until then
twofactor.middleware.SecondStepMiddleware serves only the pages named here.
"""

from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse

from .devices import authenticator_of, required_for

# True when the account asked for a code at log-in (or must set up a device): the session owes the second step.
SESSION_KEY = "two_factor_asked"

# What a session that owes the second step may open: the step's own pages, logging out, and what every
# page loads that holds nobody's data (the health check, the scripts' words, the installable app's files).
# Static files never reach Django's views (WhiteNoise answers them first).
OPEN_BEFORE_SECOND_STEP = {
    "twofactor:verify",
    "twofactor:recovery",
    "twofactor:set-up",
    "logout",
    "healthz",
    "javascript-catalog",
    "service-worker",
    "manifest",
}


@receiver(user_logged_in, dispatch_uid="twofactor-logged-in")
def on_logged_in(sender, request, user, **kwargs):
    """Note whether this account asks for a code now. No query for coaches and staff; one for athletes."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = required_for(user) or authenticator_of(user) is not None


def is_verified(user):
    """Whether the session passed the second step (django-otp's OTPMiddleware); False where it did not run."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def step_due(request):
    """The step a signed-in session must take before any other page: "verify" (a code from the member's
    app), "set-up" (a device their role requires), or None.

    No queries for a session that passed or owes nothing; one while a step is owed. A session from before
    the note was kept is looked at once, then noted.
    """
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return None
    required = required_for(user)
    if not required and not request.session.get(SESSION_KEY, True):
        return None
    if authenticator_of(user) is not None:
        return "verify"
    if required:
        return "set-up"
    request.session[SESSION_KEY] = False  # an athlete whose app was removed (or never added): nothing to ask
    return None


def step_url(step, next_url=""):
    url = reverse(f"twofactor:{step}")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
