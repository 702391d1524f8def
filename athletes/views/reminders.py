"""The unsubscribe links of reminder emails: they need no log-in, the signed token is the proof."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import reminder_email as reminders


@require_http_methods(["GET", "POST"])
def reminder_unsubscribe(request, token):
    """The link in a reminder email: a page with one button that turns that kind of reminder off.

    Opening the link changes nothing (mail scanners open links); the button does. A link that is
    broken, tampered with, too old, made for reminder settings that have changed since, or of an
    account that is gone answers a 404 page that says where to go instead. One query.
    """
    claim = reminders.read_unsubscribe_token(token)
    if request.method == "POST":
        kind = reminders.unsubscribe(token)
        done = kind is not None
    else:
        kind = claim[1] if claim and reminders.profiles_named_by(claim).exists() else None
        done = False
    context = {"profile_url": reverse("profile")}
    if kind is None:
        return render(request, "athletes/reminder_link_broken.html", context, status=404)
    context |= {"checkin": kind == reminders.Kind.CHECKIN, "done": done}
    return render(request, "athletes/reminder_unsubscribed.html", context)


@csrf_exempt  # a mail client's one-click unsubscribe (RFC 8058) has no CSRF token; the signed token is checked
@require_POST
def reminder_unsubscribe_one_click(request, token):
    """The List-Unsubscribe-Post address of a reminder email: a POST turns that kind off. One query."""
    if reminders.unsubscribe(token) is None:
        raise Http404
    return HttpResponse(gettext("Unsubscribed.") + "\n", content_type="text/plain; charset=utf-8")
