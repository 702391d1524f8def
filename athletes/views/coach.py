"""The coach's pages: dashboard, invites, an athlete's page, recommendations and assignment.

Pages about one athlete run in that athlete's time zone (`in_athletes_zone`), so a coach
sees the athlete's days and clock times, whichever zone the coach is in.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cramps import security
from cramps.htmx import is_partial_request, render_page_or_partial

from .. import comments, insights, services
from ..decorators import coach_required
from ..forms import DashboardFilterForm, EndPlanForm, plan_editor_valid
from ..models import AthleteProfile, CoachInvite, CoachLink, RoutineAssignment, User
from ..recommend import habits_for, recommend
from .plans import change_editor_forms, plan_editor_forms, plan_template_or_404, save_plan_change
from .shared import flag_title_or_404, render_confirm


def _athlete_for_coach(request, pk):
    """An athlete linked to the signed-in coach right now, or 404. One query, once per request.

    Every coach page about one athlete starts here, so this is where the security log records
    the coach reading (GET) or changing (POST) that athlete's data.
    """
    cached = getattr(request, "_coached_athlete", None)
    if cached is not None and cached.pk == int(pk):
        return cached
    request._coached_athlete = get_object_or_404(
        User.objects.select_related("athlete_profile"),
        pk=pk,
        role=User.Role.ATHLETE,
        coach_links__coach=request.user,
        coach_links__ended_at__isnull=True,
    )
    event = "coach-read-athlete" if request.method in ("GET", "HEAD") else "coach-change-athlete"
    security.record(event, request, athlete=request._coached_athlete.pk)
    return request._coached_athlete


def in_athletes_zone(view):
    """Run a view about athlete `pk` in that athlete's time zone: their today, weeks and clock times."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        with insights.in_zone_of(_athlete_for_coach(request, pk)):
            return view(request, pk, *args, **kwargs)

    return wrapper


def _linked_athletes(coach):
    return User.objects.filter(coach_links__coach=coach, coach_links__ended_at__isnull=True).order_by(
        "first_name", "username"
    )


@coach_required
@require_safe
def dashboard(request):
    """Every linked athlete, those who need attention first; htmx filters swap the table only."""
    form = DashboardFilterForm(request.GET or None)
    athletes = _linked_athletes(request.user)
    show = "all"
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            athletes = athletes.filter(
                Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(username__icontains=q)
            )
        show = form.cleaned_data["show"] or "all"
    rows = insights.dashboard_rows(athletes)
    security.record("coach-read-dashboard", request, athletes=len(rows))
    if show == "attention":
        rows = [row for row in rows if row.attention]
    elif show == "no_routine":
        rows = [row for row in rows if row.assignment is None]
    context = {"form": form, "rows": rows, "has_athletes": bool(rows) or _linked_athletes(request.user).exists()}
    if not is_partial_request(request):
        assignments = RoutineAssignment.objects.filter(coach=request.user, athlete__in=_linked_athletes(request.user))
        context["template_effects"] = insights.template_effects(assignments.select_related("template", "athlete"))
    return render_page_or_partial(request, "athletes/dashboard.html", "table", context)


@coach_required
@require_http_methods(["GET", "POST"])
def invites(request):
    if request.method == "POST":
        invite = CoachInvite.objects.create(coach=request.user)
        messages.success(
            request, _("New invite code: %(code)s. Share it or the link with your athlete.") % {"code": invite.code}
        )
        return redirect("athletes:invites")
    return render(
        request,
        "athletes/invites.html",
        {"invites": request.user.invites.open(), "lifetime_hours": settings.INVITE_LIFETIME_HOURS},
    )


@coach_required
@require_POST
def invite_delete(request, pk):
    """Withdraw an open code: it is deleted, and nobody can use it any more."""
    invite = get_object_or_404(CoachInvite.objects.open(), pk=pk, coach=request.user)
    invite.delete()
    messages.success(request, _("Invite %(code)s withdrawn.") % {"code": invite.code})
    return redirect("athletes:invites")


@coach_required
@require_safe
@in_athletes_zone
def coach_athlete(request, pk):
    """One athlete through the coach's eyes: the same insights, red flags, recommendations and routines."""
    athlete = _athlete_for_coach(request, pk)
    profile = AthleteProfile.for_user(athlete)
    episodes = insights.episodes_in_window(athlete)
    red_flags = insights.red_flags_for(athlete, episodes=episodes, profile=profile)
    plans = insights.plan_history(athlete, today=timezone.localdate())
    page = Paginator(athlete.episodes.all(), 20).get_page(request.GET.get("page"))
    profile_shares = insights.trigger_profile(episodes)
    strategies, _untargeted = insights.advice_for(profile_shares, athlete_group=profile.library_athlete_type)
    day_analysis = insights.day_analysis(athlete)
    suggestions = recommend(
        episodes,
        athlete_group=profile.library_athlete_type,
        causes=[share.cause for share in profile_shares],
        day_links=day_analysis.linked_causes(),
        about=athlete.display_name,
    )
    untargeted = [
        (cause, habits_for(cause, athlete_group=profile.library_athlete_type)) for cause in suggestions.untargeted
    ]
    # Comments on the plans, their sessions and this page's episodes, and whatever the athlete wrote that is new.
    shown = Q(episode__isnull=True) | Q(episode__in=[episode.pk for episode in page]) | Q(author=athlete, read_at=None)
    threads = comments.read_threads(athlete, viewer=request.user, next_url=request.get_full_path(), where=shown)
    comments.mark_read(threads)
    return render(
        request,
        "athletes/coach_athlete.html",
        {
            "athlete": athlete,
            "profile": profile,
            "episodes": episodes,
            "page": page,
            "chart": insights.weekly_chart(athlete),
            "breakdowns": insights.breakdowns(episodes),
            "where_map": insights.shaded_body_map(episodes),
            "profile_shares": profile_shares,
            "strategies": strategies,
            "red_flags": red_flags,
            "recommendations": suggestions,
            "untargeted": untargeted,
            "active_plan": next((plan for plan in plans if plan.assignment.is_active), None),
            "past_plans": [plan for plan in plans if not plan.assignment.is_active],
            "active": next((plan.assignment for plan in plans if plan.assignment.is_active), None),
            "window_days": insights.WINDOW_DAYS,
            "zone": insights.zone_of(athlete),
            "threads": threads,
            "day_analysis": day_analysis,
        },
    )


@coach_required
@require_POST
def acknowledge_flag_for_athlete(request, pk, slug):
    """A coach has seen a linked athlete's red flag (others' athletes: 404).

    A warning that needs care today is the athlete's to acknowledge, never the coach's.
    """
    athlete = _athlete_for_coach(request, pk)
    title = flag_title_or_404(slug)
    if any(flag.slug == slug and flag.is_urgent for flag in insights.red_flags_for(athlete)):
        messages.error(
            request,
            _("Only %(athlete)s can acknowledge a warning that needs care today.") % {"athlete": athlete.display_name},
        )
        return redirect(reverse("athletes:coach-athlete", args=[athlete.pk]) + "#red-flags")
    services.acknowledge_flag(athlete, slug, by=request.user)
    messages.success(
        request,
        _("Acknowledged for %(athlete)s: %(flag)s. It comes back if a new episode raises it again.")
        % {"athlete": athlete.display_name, "flag": title},
    )
    return redirect(reverse("athletes:coach-athlete", args=[athlete.pk]) + "#red-flags")


@coach_required
@require_http_methods(["GET", "POST"])
@in_athletes_zone
def remove_athlete(request, pk):
    athlete = _athlete_for_coach(request, pk)
    if request.method == "POST":
        for link in CoachLink.objects.active().filter(coach=request.user, athlete=athlete):
            services.end_link(link)
        messages.success(request, _("%(athlete)s is no longer on your dashboard.") % {"athlete": athlete.display_name})
        return redirect("athletes:dashboard")
    return render_confirm(
        request,
        title=_("Remove %(athlete)s?") % {"athlete": athlete.display_name},
        message=_(
            "You will no longer see their episodes, insights or routine. They can join you again with a new invite."
        ),
        button=_("Remove athlete"),
        cancel_url=reverse("athletes:coach-athlete", args=[athlete.pk]),
    )


@coach_required
@require_http_methods(["GET", "POST"])
@in_athletes_zone
def assign(request, pk):
    """Assign a routine from a template (or from scratch), with the items adjustable before saving."""
    athlete = _athlete_for_coach(request, pk)
    template = plan_template_or_404(slug) if (slug := request.GET.get("template")) else None
    form, formset = plan_editor_forms(request, template)
    if request.method == "POST" and plan_editor_valid(form, formset):
        services.assign_routine(
            coach=request.user,
            athlete=athlete,
            template=template,
            items=formset.items(),
            **form.cleaned_data,
        )
        messages.success(
            request,
            _("Assigned %(plan)s to %(athlete)s.")
            % {"plan": form.cleaned_data["name"], "athlete": athlete.display_name},
        )
        return redirect("athletes:coach-athlete", pk=athlete.pk)
    active = athlete.assignments.filter(is_active=True).first()
    return render(
        request,
        "athletes/assign.html",
        {"athlete": athlete, "template": template, "form": form, "formset": formset, "active": active},
    )


@coach_required
@require_http_methods(["GET", "POST"])
@in_athletes_zone
def edit_routine(request, pk):
    """Change the athlete's active plan: schedule, items and doses. Past sessions keep what they ticked."""
    athlete = _athlete_for_coach(request, pk)
    active = get_object_or_404(athlete.assignments, is_active=True)
    form, formset = change_editor_forms(request, active)
    if request.method == "POST" and plan_editor_valid(form, formset):
        save_plan_change(request, active, form, formset, coach=request.user)
        return redirect("athletes:coach-athlete", pk=athlete.pk)
    return render(
        request,
        "athletes/edit_routine.html",
        {"athlete": athlete, "assignment": active, "form": form, "formset": formset},
    )


@coach_required
@require_http_methods(["GET", "POST"])
@in_athletes_zone
def end_routine(request, pk):
    """Ask first, with a reason the athlete reads; end the active plan on the athlete's date."""
    athlete = _athlete_for_coach(request, pk)
    active = get_object_or_404(athlete.assignments, is_active=True)
    form = EndPlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.end_assignment(active, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("Ended %(plan)s. %(athlete)s sees why.") % {"plan": active.name, "athlete": athlete.display_name}
        )
        return redirect("athletes:coach-athlete", pk=athlete.pk)
    return render_confirm(
        request,
        title=_("End %(plan)s?") % {"plan": active.name},
        message=_(
            "%(athlete)s stops following it today. It stays in both your histories, "
            "with its sessions and what it achieved."
        )
        % {"athlete": athlete.display_name},
        button=_("End plan"),
        cancel_url=reverse("athletes:coach-athlete", args=[athlete.pk]),
        form=form,
    )
