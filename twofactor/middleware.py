from django.conf import settings
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect

from . import steps


class SecondStepMiddleware:
    """Until a signed-in session has passed the second step, serve only that step's pages.

    After django-otp's OTPMiddleware (which says whether the session is verified). A member who must use
    two-factor sign-in (coaches, library editors, every staff account) and has no device yet is sent to
    set one up; a member with a device (any role) is asked for its code. Every other page redirects there,
    remembering a GET's address to come back to afterwards; an htmx request is told to load the step's page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        step = steps.step_due(request)
        if step is None or request.resolver_match.view_name in steps.OPEN_BEFORE_SECOND_STEP:
            return None
        htmx = getattr(request, "htmx", False)
        come_back = request.get_full_path() if request.method in ("GET", "HEAD") and not htmx else ""
        url = steps.step_url(step, come_back)
        return HttpResponseClientRedirect(url) if htmx else redirect(url)
