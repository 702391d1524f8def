"""Project-wide middleware: a strict Content-Security-Policy and each user's own time zone."""

import zoneinfo

from django.utils import timezone

from athletes.insights.days import is_time_zone, zone_of

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


TIMEZONE_COOKIE = "tz"


def browser_zone(request):
    """The zone static/js/cramps.js put in the `tz` cookie, or None if absent or unknown."""
    name = request.COOKIES.get(TIMEZONE_COOKIE, "")
    return zoneinfo.ZoneInfo(name) if is_time_zone(name) else None


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


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
