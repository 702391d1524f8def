"""Comment threads: an athlete and their coaches comment on the athlete's plans, sessions and episodes.

Each thread has its own page (a GET shows it, a POST adds a comment); the pages that show a plan,
a session or an episode embed the same thread, whose form posts here: htmx swaps the thread in
place, a plain form comes back to the page it was posted from.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cramps import security
from cramps.htmx import render_page_or_partial

from .. import comments, insights
from ..models import CoachLink, CrampEpisode, RoutineAssignment, RoutineSession
from .shared import safe_next, with_coach_known

# Each kind of thread: its rows, with the athlete loaded, and the path from a row to its athlete.
TARGETS = {
    "assignment": (RoutineAssignment.objects.select_related("athlete"), "athlete"),
    "session": (RoutineSession.objects.select_related("assignment__athlete"), "assignment__athlete"),
    "episode": (CrampEpisode.objects.select_related("athlete"), "athlete"),
}


def _target_or_404(request, kind, pk):
    """The plan, session or episode `pk`, if it is the signed-in athlete's own or belongs to an athlete
    the signed-in coach coaches now; else 404. One query.

    A coach's read (GET) or comment (POST) goes in the security log, as on every coach page about an athlete.
    """
    rows, path = TARGETS[kind]
    user = request.user
    if not (user.is_athlete or user.is_coach):  # an editor or other staff, whatever their links
        security.refuse(request, "staff" if user.is_staff else "not-athlete-or-coach")
        raise Http404
    if user.is_athlete:
        allowed = Q(**{path: user})
    else:
        allowed = Q(**{f"{path}__in": CoachLink.objects.active().filter(coach=user).values("athlete")})
    target = get_object_or_404(with_coach_known(rows.filter(allowed), path), pk=pk)
    athlete = comments.athlete_of(target)
    if user.is_coach:
        event = "coach-read-athlete" if request.method in ("GET", "HEAD") else "coach-change-athlete"
        security.record(event, request, athlete=athlete.pk)
    return target, athlete


def _where_it_lives(request, kind, target, athlete):
    """The page that shows the thread among the rest: the coach's athlete page, the episode, or the routine."""
    if request.user.pk != athlete.pk:
        return reverse("athletes:coach-athlete", args=[athlete.pk]), _("%(athlete)s's page") % {
            "athlete": athlete.display_name
        }
    if kind == "episode":
        return reverse("athletes:episode-edit", args=[target.pk]), _("the episode")
    return reverse("athletes:routine"), _("your routine")


def _posted_from(request, here):
    """The page a comment was posted from (the `next` field), if it is a path on this site; else `here`."""
    return safe_next(request, here).split("#")[0]


def _thread(request, kind, pk):
    target, athlete = _target_or_404(request, kind, pk)
    here = request.path
    form = None
    if request.method == "POST":
        form = comments.comment_form(kind, target.pk, request.POST)
        if form.is_valid():
            comments.post_comment(target, author=request.user, text=form.cleaned_data["text"])
            if not request.htmx:
                messages.success(request, _("Comment posted."))
                return redirect(f"{_posted_from(request, here)}#{comments.anchor(kind, target.pk)}")
            form = None  # posted: the thread comes back with an empty form
    next_url = _posted_from(request, here) if request.method == "POST" else here
    with insights.in_zone_of(athlete):
        threads = comments.read_threads(athlete, viewer=request.user, next_url=next_url, where=Q(**{kind: target}))
        comments.mark_read(threads)
        back_url, back_label = _where_it_lives(request, kind, target, athlete)
        context = {
            "thread": threads.of(target, form=form),
            "athlete": athlete,
            "has_coach": target.athlete_has_coach,
            "back_url": back_url,
            "back_label": back_label,
            "posted": request.method == "POST" and form is None,
        }
        return render_page_or_partial(request, "athletes/comments.html", "thread", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_comments(request, pk):
    return _thread(request, "assignment", pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_comments(request, pk):
    return _thread(request, "session", pk)


@login_required
@require_http_methods(["GET", "POST"])
def episode_comments(request, pk):
    return _thread(request, "episode", pk)
