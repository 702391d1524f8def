"""The report for a clinician (page and PDF), the links that share it, and the plan's calendar feed.

The athlete and their coach read the report signed in; a physio or doctor reads it through a share
link that needs no account, works until it expires or is revoked, and reaches nothing else.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.defaults import page_not_found

from cramps import security

from .. import insights
from ..calendar_feed import FEED_DAYS, plan_calendar
from ..decorators import athlete_required, coach_required
from ..forms import PlanSessionTimeForm, ReportShareForm
from ..models import AthleteProfile, ReportShare
from ..pdf import html_to_pdf, page_numbering, svg_style
from .coach import _athlete_for_coach
from .shared import render_confirm

# The token of a link just made, kept in the session until the next page shows it once.
NEW_SHARE = "new_report_share"


def _report(request, athlete, *, pdf, profile=None, **context):
    """The report page (`pdf` False) or its PDF, in the athlete's zone whoever asks."""
    with insights.in_zone_of(athlete):
        report = insights.clinician_report(athlete, profile=profile)
        context = {"report": report, "athlete": athlete, "zone": insights.zone_of(athlete), **context}
        if not pdf:
            template = "athletes/report_shared.html" if context.get("share") else "athletes/report.html"
            return render(request, template, context)
        html = render_to_string(
            "athletes/report_pdf.html", {**context, "svg_style": svg_style(), "page_numbering": page_numbering()}
        )
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cramp-report-{report.until:%Y-%m-%d}.pdf"'
    return response


@athlete_required
@require_safe
def report(request, pdf=False):
    """The athlete's own report of the last 90 days, to print, download or share."""
    return _report(request, request.user, pdf=pdf, audience="athlete")


@coach_required
@require_safe
def coach_report(request, pk, pdf=False):
    """A linked athlete's report, for the coach (others' athletes: 404)."""
    athlete = _athlete_for_coach(request, pk)
    security.record("coach-read-report", request, athlete=athlete.pk, pdf=pdf)
    return _report(request, athlete, pdf=pdf, profile=insights.cached_profile(athlete), audience="coach")


# Share links ---------------------------------------------------------------


def _share_for_athlete(request, pk):
    """One of the signed-in athlete's links that still works, or 404."""
    return get_object_or_404(ReportShare.objects.open(), pk=pk, athlete=request.user)


def share_url(request, token):
    return request.build_absolute_uri(reverse("athletes:shared-report", args=[token]))


@athlete_required
@require_http_methods(["GET", "POST"])
def report_shares(request):
    """Make a link to the report for a physio or doctor, see the links that still work, revoke one."""
    form = ReportShareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        share, token = ReportShare.create_for(request.user, **form.cleaned_data)
        request.session[NEW_SHARE] = {"pk": share.pk, "token": token}
        security.record("report-share-created", request, share=share.pk, days=form.cleaned_data["days"])
        return redirect("athletes:report-shares")
    new = request.session.pop(NEW_SHARE, None) if request.method == "GET" else None
    shares = list(request.user.report_shares.open())
    new_share = next((s for s in shares if new and s.pk == new["pk"]), None)
    return render(
        request,
        "athletes/report_shares.html",
        {
            "form": form,
            "shares": shares,
            "new_share": new_share,
            "new_url": share_url(request, new["token"]) if new_share else "",
        },
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def revoke_report_share(request, pk):
    share = _share_for_athlete(request, pk)
    if request.method == "POST":
        share.revoke()
        security.record("report-share-revoked", request, share=share.pk)
        messages.success(request, _("Link revoked: it no longer opens your report."))
        return redirect("athletes:report-shares")
    made = date_format(timezone.localtime(share.created_at), "j M Y")
    return render_confirm(
        request,
        title=_("Revoke this link?"),
        message=(
            _("The link for %(label)s made on %(made)s stops working at once:")
            if share.label
            else _("The link made on %(made)s stops working at once:")
        )
        % {"label": share.label, "made": made}
        + " "
        + _("whoever has it can no longer open your report. This cannot be undone; you can make a new link."),
        button=_("Revoke link"),
        cancel_url=reverse("athletes:report-shares"),
    )


def shared_page(view):
    """Headers for a page reached by a secret link: never stored, never indexed, never sent on as a referrer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exception:  # an expired, revoked or unknown link gets the same headers
            response = page_not_found(request, exception)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return never_cache(wrapper)


@require_safe
@shared_page
def shared_report(request, token, pdf=False):
    """The report behind a share link, for anyone who has the link while it works; else 404."""
    share = ReportShare.open_by_token(token)
    if share is None:
        raise Http404
    share.record_opening()
    # Without the request: its path holds the token, which the log must never keep.
    security.record(
        "report-share-opened",
        share=share.pk,
        athlete=share.athlete_id,
        ip=security.client_ip(request),
        pdf=pdf,
        opens=share.open_count,
    )
    athlete = share.athlete
    return _report(
        request, athlete, pdf=pdf, profile=insights.cached_profile(athlete), audience="shared", share=share, token=token
    )


# The plan's calendar ---------------------------------------------------------


@athlete_required
@require_http_methods(["GET", "POST"])
def plan_calendar_page(request):
    """The calendar link of the athlete's plan sessions (made on request), how to use it, and the time."""
    profile = AthleteProfile.for_user(request.user)
    form = PlanSessionTimeForm(request.POST if "time" in request.POST else None, instance=profile)
    if request.method == "POST":
        if "create" in request.POST and not profile.calendar_token:
            profile.reset_calendar_token()
            messages.success(request, _("Your calendar link is ready: add it to your calendar app."))
            return redirect("athletes:plan-calendar")
        if form.is_bound and form.is_valid():
            form.save()
            messages.success(
                request, _("Sessions go in your calendar at %(time)s.") % {"time": f"{profile.plan_session_time:%H:%M}"}
            )
            return redirect("athletes:plan-calendar")
    token = profile.calendar_token
    return render(
        request,
        "athletes/plan_calendar.html",
        {
            "profile": profile,
            "form": form,
            "feed_url": request.build_absolute_uri(reverse("athletes:calendar-feed", args=[token])) if token else "",
            "zone": insights.zone_of(request.user),
            "weeks": FEED_DAYS // 7,
        },
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def reset_plan_calendar(request):
    profile = get_object_or_404(AthleteProfile, user=request.user, calendar_token__isnull=False)
    if request.method == "POST":
        profile.reset_calendar_token()
        security.record("calendar-link-reset", request)
        messages.success(request, _("New calendar link made; the old one no longer works. Add the new one."))
        return redirect("athletes:plan-calendar")
    return render_confirm(
        request,
        title=_("Reset your calendar link?"),
        message=_(
            "The current link stops working at once, in every calendar app that uses it: "
            "you then add the new link to your calendar again."
        ),
        button=_("Reset link"),
        cancel_url=reverse("athletes:plan-calendar"),
    )


@require_safe
@shared_page
def calendar_feed(request, token):
    """The iCalendar feed of a calendar link; 404 for a link that was reset or never was."""
    profile = get_object_or_404(
        AthleteProfile.objects.select_related("user"), calendar_token=token, user__is_active=True
    )
    return HttpResponse(plan_calendar(profile).to_ical(), content_type="text/calendar; charset=utf-8")
