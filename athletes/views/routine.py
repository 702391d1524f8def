"""The athlete's plan page: today's session, logging one, and stopping the plan."""

from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from library.models import plan_item_prefetches

from .. import insights, services
from ..decorators import athlete_required
from ..forms import (
    LATE_SESSION_DAYS,
    SessionForm,
)
from . import plans
from .shared import own_threads, render_confirm

SAVED_SESSION = {
    False: gettext_lazy("Session saved. Well done."),
    True: gettext_lazy(
        "Session saved. Sorry it did not help: your coach, if you have one, sees it, and the plan can change."
    ),
}


def _plans_context(athlete, *, today):
    """The active plan's record (changes, sessions) and every past plan, for the routine page. Six queries."""
    records = insights.plan_history(athlete, today=today)
    return {
        "active_plan": next((plan for plan in records if plan.assignment.is_active), None),
        "past_plans": [plan for plan in records if not plan.assignment.is_active],
    }


@athlete_required
@require_http_methods(["GET", "POST"])
def routine(request):
    """Today's session of the active routine: tick items off, then finish with how it went."""
    assignment = (
        request.user.assignments.filter(is_active=True).select_related("coach").prefetch_related("sessions").first()
    )
    today = insights.local_today(request.user)
    history = _plans_context(request.user, today=today)
    if assignment is None:
        # Comments on past plans and their sessions; no query without any.
        threads = own_threads(request, Q(episode__isnull=True)) if history["past_plans"] else None
        return render(
            request,
            "athletes/routine.html",
            {"assignment": None, "threads": threads, **history, **plans.no_plan_context(request.user)},
        )
    days = loggable_days(assignment, today=today)
    asked = request.POST.get("performed_on") or request.GET.get("day")
    day = _chosen_day(asked, days, today=today)
    if request.method == "GET" and asked and asked != day.isoformat():
        messages.info(
            request,
            ngettext(
                "Sessions can be logged for today and the %(n)s day before, from the plan's start: here is today's.",
                "Sessions can be logged for today and the %(n)s days before, from the plan's start: here is today's.",
                LATE_SESSION_DAYS,
            )
            % {"n": LATE_SESSION_DAYS},
        )
    sessions = {s.performed_on: s for s in assignment.sessions.all()}
    chosen = sessions.get(day)
    initial = {"performed_on": day}
    ticked = []
    if chosen:
        ticked = [item.pk for item in chosen.completed_items.all()]
        initial.update(
            completed_items=ticked,
            helped=chosen.helped,
            discomfort=chosen.discomfort,
            discomfort_note=chosen.discomfort_note,
        )
    # The items as they stood that day, and whatever its session ticked, even if changed since.
    offered = insights.items_on(assignment, day, ticked=ticked)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        assignment=assignment,
        today=today,
        items=offered,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        performed_on = form.cleaned_data.pop("performed_on")
        services.record_session(assignment, performed_on=performed_on, **form.cleaned_data)
        if performed_on == today:
            messages.success(request, SAVED_SESSION[form.cleaned_data["helped"] == "no"])
            return redirect("athletes:routine")
        messages.success(
            request,
            _("Session for %(day)s saved (logged late). Well done.") % {"day": date_format(performed_on, "l j F")},
        )
        return redirect(f"{reverse('athletes:routine')}?day={performed_on.isoformat()}")
    items = list(offered.select_related("exercise", "strategy").prefetch_related(*plan_item_prefetches()))
    return render(
        request,
        "athletes/routine.html",
        {
            "assignment": assignment,
            "replaced": plans.replaced_own_plan(assignment),
            "can_change": plans.can_change_own_plan(request.user, assignment),
            "exercises": [item for item in items if not item.is_habit],
            "habits": [item for item in items if item.is_habit],
            "form": form,
            "todays": chosen,
            "day": day,
            "days": [(d, sessions.get(d)) for d in days],
            "today": today,
            "checked": {str(pk) for pk in form["completed_items"].value() or []},
            # Comments on every plan and session the page shows.
            "threads": own_threads(request, Q(episode__isnull=True)),
            **history,
            # The plan history has already worked out the active plan's adherence and before/after.
            "progress": history["active_plan"].progress,
        },
    )


def loggable_days(assignment, *, today):
    """The days a session can be logged for, today first: the last 7 days, none before the start. No queries."""
    return [
        today - timedelta(days=back)
        for back in range(LATE_SESSION_DAYS + 1)
        if today - timedelta(days=back) >= assignment.start_date
    ]


def _chosen_day(value, days, *, today):
    """The day asked for if a session can be logged for it, else today (a posted bad day is the form's to refuse)."""
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        return today
    return day if day in days else today


@athlete_required
@require_http_methods(["GET", "POST"])
def stop_routine(request):
    """The athlete ends their own active routine (it stays in the history)."""
    assignment = get_object_or_404(request.user.assignments, is_active=True)
    if request.method == "POST":
        services.end_assignment(assignment, by=request.user)
        messages.success(request, _("Stopped %(plan)s.") % {"plan": assignment.name})
        return redirect("athletes:routine")
    return render_confirm(
        request,
        title=_("Stop %(plan)s?") % {"plan": assignment.name},
        message=_("It stays in your history, and your coach (if any) sees that it ended today."),
        button=_("Stop routine"),
        cancel_url=reverse("athletes:routine"),
    )
