from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from cramps.input import LINE_CONTROL

from .. import comments
from ..insights import FLAG_DEFAULTS
from ..models import CoachLink


def render_confirm(request, *, title, message, button, cancel_url, form=None):
    """The page that asks before something is deleted or ended; its form POSTs back to the same URL.

    `form`, if given, adds its fields (a reason, say) above the button.
    """
    return render(
        request,
        "athletes/confirm.html",
        {"title": title, "message": message, "button": button, "cancel_url": cancel_url, "form": form},
    )


def flag_title_or_404(slug):
    """A red flag's built-in title, or 404 for a slug that names no red flag."""
    if slug not in FLAG_DEFAULTS:
        raise Http404
    return FLAG_DEFAULTS[slug][0]


def is_local_path(request, url):
    """Whether `url` is a path on this site. Only a path ("/..."): redirect() would take any other
    word for the name of a view, and a line break could split a header."""
    return (
        url.startswith("/")
        and not LINE_CONTROL.search(url)
        and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    )


def safe_next(request, default):
    """The `next` URL posted with a form if it is a path on this site, else `default`."""
    url = request.POST.get("next", "")
    return url if is_local_path(request, url) else default


def own_threads(request, where):
    """The athlete's comments a page shows (those matching `where`), the new ones marked read. One or two queries."""
    threads = comments.read_threads(request.user, viewer=request.user, next_url=request.get_full_path(), where=where)
    comments.mark_read(threads)
    return threads


def with_coach_known(rows, athlete="athlete"):
    """`rows` (a queryset) with `athlete_has_coach` on each: whether its athlete (the path `athlete`) has a
    coach now, so that a page speaks of "your coach" only to someone who has one. In the same query."""
    return rows.annotate(athlete_has_coach=Exists(CoachLink.objects.active().filter(athlete=OuterRef(athlete))))
