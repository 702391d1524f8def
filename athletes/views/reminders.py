"""The unsubscribe links of reminder emails: they need no log-in, the signed token is the proof."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .. import reminders


@require_GET
def reminder_unsubscribe(request, token):
    """The link in a reminder email: one click turns that kind of reminder off, and the page says so.

    A mail scanner that opens the link turns it off too; the page and every email say how to turn it
    on again. A broken or tampered token is a 404. One query.
    """
    kind = reminders.unsubscribe(token)
    if kind is None:
        raise Http404
    return render(
        request,
        "athletes/reminder_unsubscribed.html",
        {"checkin": kind == reminders.Kind.CHECKIN, "profile_url": reverse("profile")},
    )


@csrf_exempt  # a mail client's one-click unsubscribe (RFC 8058) has no CSRF token; the signed token is checked
@require_POST
def reminder_unsubscribe_one_click(request, token):
    """The List-Unsubscribe-Post address of a reminder email: a POST turns that kind off. One query."""
    if reminders.unsubscribe(token) is None:
        raise Http404
    return HttpResponse(gettext("Unsubscribed.") + "\n", content_type="text/plain; charset=utf-8")
