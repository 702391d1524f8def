"""Project-wide middleware: each user's own language and time zone, idle sessions, private pages.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY).
"""

import time
import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from athletes.days import is_time_zone, zone_of

from . import security

TIMEZONE_COOKIE = "tz"


def browser_zone(request):
    """The zone static/js/cramps.js put in the `tz` cookie, or None if absent or unknown."""
    name = request.COOKIES.get(TIMEZONE_COOKIE, "")
    return zoneinfo.ZoneInfo(name) if is_time_zone(name) else None


class UserLanguageMiddleware:
    """Speak a signed-in member's own language (User.language), whatever the browser asks for.

    After LocaleMiddleware (which picks the browser's language, or the cookie Django's
    set_language view leaves) and AuthenticationMiddleware. A member who chose no language
    keeps the browser's. No queries: the user is loaded for the request anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class TimezoneMiddleware:
    """Read and show times in the signed-in user's own time zone, whatever browser they use.

    Anonymous visitors get the browser's zone from the `tz` cookie (settings.TIME_ZONE without it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = zone_of(user) if user is not None and user.is_authenticated else browser_zone(request)
        with timezone.override(zone):
            return self.get_response(request)


class SessionIdleMiddleware:
    """End a session after settings.SESSION_IDLE_MINUTES without a request.

    Django's session store ends a session SESSION_COOKIE_AGE after it was last saved; this
    saves a signed-in session again whenever a minute has passed since the last save, so
    using the site keeps it alive and most requests write nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and time.time() - request.session.get(security.ACTIVE_AT, 0) >= 60:
            security.mark_active(request.session)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Headers for every page: no caching of a signed-in member's pages, no device features.

    Everything a signed-in member sees may be health data, so none of it is kept by the
    browser or a proxy. Static files never get here (WhiteNoise answers them first).
    Also logs a signed-in member being refused (403) or sent to a 404, which is how
    the ownership helpers answer a stranger.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A response that says it is public (the scripts' words: cramps.i18n) holds no one's data.
        public = "public" in response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not public:
            add_never_cache_headers(response)
            if response.status_code in (403, 404):
                security.record_denied(request, response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
