"""The address in a coach's invite link, for whoever opens it: signed in or not yet."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cramps import security

from ..forms import InviteCodeForm
from .my_coaches import join


@require_http_methods(["GET", "POST"])
def join_link(request, code):
    """A signed-in member gets the join page, where an athlete sees who invites them and accepts (or not).

    A visitor who is not signed in sees the coach's name and is offered sign-up first, then log-in; both
    come back here afterwards, signed in, to accept. A code that opens nothing (unknown, used, withdrawn,
    expired) answers 404 with the same words whichever it is, and counts as a wrong try from the visitor's
    address, as the join page counts an athlete's. A few queries.
    """
    if request.user.is_authenticated or request.method == "POST":
        return join(request, code=code)  # with its own checks: signed in (else the log-in page), an athlete
    if security.invite_tries_exhausted(request.user, request):
        return render(request, "athletes/invite_link.html", {"locked_wait": security.invite_wait()}, status=429)
    form = InviteCodeForm({"code": code})
    if not form.is_valid():
        security.count_wrong_invite_code(request)
        return render(request, "athletes/invite_link.html", {"invalid": True}, status=404)
    here = reverse("athletes:join-code", args=[form.invite.code])
    return render(
        request,
        "athletes/invite_link.html",
        {"coach_name": form.invite.coach.display_name, "next": here},
    )
