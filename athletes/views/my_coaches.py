"""The athlete's side of coaching: joining a coach with a code, the list of coaches, leaving one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cramps import security

from .. import services
from ..decorators import athlete_required
from ..forms import (
    USED_INVITE_MESSAGE,
    InviteCodeForm,
)
from ..models import CoachLink
from .shared import render_confirm


@athlete_required
@require_http_methods(["GET", "POST"])
def join(request, code=None):
    """Enter a coach's code, see who the coach is, and accept."""
    if security.invite_tries_exhausted(request.user):
        return render(request, "athletes/join.html", {"locked_wait": security.invite_wait()}, status=429)
    if request.method == "POST":
        form = InviteCodeForm(request.POST)
    else:
        code = code or request.GET.get("code")
        form = InviteCodeForm({"code": code} if code else None)
    invite = form.invite if form.is_valid() else None
    if invite is None and form.is_bound and form.data.get("code") and "code" in form.errors:
        security.count_wrong_invite_code(request)
    if invite and request.method == "POST" and "accept" in request.POST:
        accepted = services.accept_invite(request.user, invite)
        if accepted is None:  # another athlete took it, or the coach withdrew it, a moment ago
            messages.error(request, USED_INVITE_MESSAGE)
            return redirect("athletes:join")
        _link, created = accepted
        coach = invite.coach.display_name
        messages.success(
            request,
            (_("%(coach)s is now your coach.") if created else _("%(coach)s is already your coach."))
            % {"coach": coach},
        )
        return redirect("athletes:coaches")
    return render(request, "athletes/join.html", {"form": form, "invite": invite})


@athlete_required
@require_safe
def coaches(request):
    """The athlete's coaches now, and every past one with the dates (a deleted coach's too)."""
    links = list(CoachLink.objects.filter(athlete=request.user).select_related("coach"))
    return render(
        request,
        "athletes/coaches.html",
        {
            "links": [link for link in links if link.ended_at is None],
            "past_links": [link for link in links if link.ended_at is not None],
        },
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def leave_coach(request, pk):
    link = get_object_or_404(CoachLink.objects.active().select_related("coach"), pk=pk, athlete=request.user)
    if request.method == "POST":
        services.end_link(link)
        messages.success(
            request, _("You have left %(coach)s. They no longer see your data.") % {"coach": link.coach.display_name}
        )
        return redirect("athletes:coaches")
    return render_confirm(
        request,
        title=_("Leave %(coach)s?") % {"coach": link.coach.display_name},
        message=_("From now on they will not see your episodes, insights or routine."),
        button=_("Leave coach"),
        cancel_url=reverse("athletes:coaches"),
    )
