"""Plans an athlete without a coach starts and changes for themselves, and the editor they share with coaches.

An athlete with an active coach does not start or change plans (the coach assigns and
changes them); the suggestions still show on their routine page, as information.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from library.models import PLAN_ITEM_FIELDS, RoutineTemplate, RoutineTemplateItem, plan_item_prefetches

from .. import insights, services
from ..decorators import athlete_required
from ..forms import (
    AssignedItemFormSet,
    AssignmentForm,
    PlanEditForm,
    editor_after_add,
    editor_is_adding,
    plan_editor_valid,
)
from ..models import AthleteProfile, CoachLink, RoutineAssignment
from ..recommend import habits_for, recommend


def plan_template_or_404(slug):
    """The library plan with its items in order, their claims prefetched. Six queries.

    A `slug` that is not a slug (from a query string: control characters, spaces) is a 404 without a query.
    """
    try:
        validate_slug(slug)
    except ValidationError:
        raise Http404 from None
    items = (
        RoutineTemplateItem.objects.select_related("exercise", "strategy")
        .prefetch_related(*plan_item_prefetches())
        .order_by("position")
    )
    return get_object_or_404(RoutineTemplate.objects.prefetch_related(Prefetch("items", queryset=items)), slug=slug)


def _posted_editor(request, form, formset):
    """The editor bound to the POST, to check and save; or after an Add button, shown again unsaved with the item."""
    if editor_is_adding(request.POST):
        return editor_after_add(form, formset, request.POST)
    return form, formset


def plan_editor_forms(request, template):
    """The editor's form and rows: bound to the POST, or starting from `template` (or empty). No queries.

    Save it when `forms.plan_editor_valid` says so: never after an Add button, which only adds a row.
    """
    if request.method == "POST":
        return _posted_editor(request, AssignmentForm(request.POST), AssignedItemFormSet(request.POST, prefix="items"))
    initial = {"start_date": timezone.localdate(), "sessions_per_week": 3, "weeks": 4}
    rows = []
    if template:
        initial.update(name=template.name, sessions_per_week=template.sessions_per_week, weeks=template.weeks)
        # `claims` is for the page only: the grade shown beside the row's item.
        rows = [
            {**row, "ORDER": item.position, "claims": item.claims}
            for item, row in zip(template.items.all(), services.items_from_template(template), strict=True)
        ]
    return AssignmentForm(initial=initial), AssignedItemFormSet(initial=rows, prefix="items")


def change_editor_forms(request, active):
    """The change editor's form and rows: bound to the POST, or the active plan as it stands. Four queries on GET.

    (The plan's current items, their exercises and habits, and their claims for the grades beside them.)
    """
    if request.method == "POST":
        posted = PlanEditForm(request.POST, instance=active), AssignedItemFormSet(request.POST, prefix="items")
        return _posted_editor(request, *posted)
    items = (
        active.items.filter(removed_at__isnull=True)
        .select_related("exercise", "strategy")
        .prefetch_related(*plan_item_prefetches())
    )
    rows = [
        {**{name: getattr(item, name) for name in PLAN_ITEM_FIELDS}, "ORDER": i, "claims": item.claims}
        for i, item in enumerate(items, start=1)
    ]
    return PlanEditForm(instance=active), AssignedItemFormSet(initial=rows, prefix="items")


def save_plan_change(request, active, form, formset, *, coach):
    """Apply a valid editor's change (`coach` None: the athlete's own) and say what changed.

    Returns False, with an error message, if the plan ended before the change was saved.
    """
    schedule = {name: form.cleaned_data[name] for name in ("name", "sessions_per_week", "weeks", "note")}
    try:
        change = services.change_plan(
            active, coach=coach, items=formset.items(), message=form.cleaned_data["message"], **schedule
        )
    except RoutineAssignment.DoesNotExist:
        messages.error(request, _("This plan ended before your change was saved; nothing was changed."))
        return False
    if change:
        messages.success(
            request, _("Changed %(plan)s: %(changes)s.") % {"plan": schedule["name"], "changes": change.summary}
        )
    else:
        messages.info(request, _("Nothing changed."))
    return True


def coach_names(athlete):
    """The names of the athlete's active coaches, e.g. ["Casey"]. One query."""
    links = CoachLink.objects.active().filter(athlete=athlete).select_related("coach").order_by("created_at")
    return [link.coach.display_name for link in links]


def suggestions_for(athlete):
    """The routine page's suggestions when no plan is active, for the athlete's own episodes.

    Two queries for an athlete with no episodes in the window; about twelve otherwise
    (the episodes, causes, plans and their claims, red flags, the check-ins and their days'
    episodes), whatever the numbers of rows. Ranked as for their coach (views.coach.coach_athlete).
    """
    profile = AthleteProfile.for_user(athlete)
    episodes = insights.episodes_in_window(athlete)
    if not episodes:
        return {"episodes": episodes, "suggestions": [], "untargeted": [], "urgent": False}
    group = profile.library_athlete_type
    shares = insights.trigger_profile(episodes)
    suggestions = recommend(
        episodes,
        athlete_group=group,
        causes=[share.cause for share in shares],
        day_links=insights.day_analysis(athlete).linked_causes(),
    )
    red_flags = insights.red_flags_for(athlete, episodes=episodes, profile=profile)
    return {
        "episodes": episodes,
        "suggestions": suggestions,
        "untargeted": [(cause, habits_for(cause, athlete_group=group)) for cause in suggestions.untargeted],
        "urgent": any(flag.is_urgent for flag in red_flags),
    }


def no_plan_context(athlete):
    """What the routine page shows with no active plan: who assigns plans, and the suggestions."""
    coaches = coach_names(athlete)
    return {
        "coaches": coaches,
        "can_start": not coaches,
        "window_days": insights.WINDOW_DAYS,
        **suggestions_for(athlete),
    }


def can_change_own_plan(athlete, assignment):
    """Whether the athlete may change `assignment` themselves: a plan they started, or one whose coach has
    deleted their account (nobody else can change it now), and no coach now.

    One query for a plan without a coach; none for a coach's plan.
    """
    if assignment.coach_id is not None or assignment.athlete_id != athlete.pk:
        return False
    return not CoachLink.objects.active().filter(athlete=athlete).exists()


def own_plan_or_404(athlete):
    """The active plan the athlete started, if they may change it (no coach now), else 404. Two queries."""
    plan = get_object_or_404(athlete.assignments, is_active=True, coach__isnull=True)
    if not can_change_own_plan(athlete, plan):
        raise Http404
    return plan


def replaced_own_plan(assignment):
    """The plan the athlete started themselves that this coach's assignment ended, or None. One query.

    Assigning ends the active plan and records who ended it: the plan just before
    this one, with no coach and ended by this plan's coach, is the one it replaced.
    """
    if assignment.coach_id is None:
        return None
    previous = assignment.athlete.assignments.filter(pk__lt=assignment.pk).order_by("-pk").first()
    if previous is not None and previous.is_own and previous.ended_by_id == assignment.coach_id:
        return previous
    return None


@athlete_required
@require_http_methods(["GET", "POST"])
def start_plan(request):
    """An athlete without a coach starts a plan for themselves: a library plan, adjusted, or one of their own."""
    athlete = request.user
    coaches = coach_names(athlete)
    if coaches:
        messages.info(
            request,
            _("Your coach (%(coaches)s) assigns your plans: ask them to start one.") % {"coaches": ", ".join(coaches)},
        )
        return redirect("athletes:routine")
    template = plan_template_or_404(slug) if (slug := request.GET.get("template")) else None
    form, formset = plan_editor_forms(request, template)
    form.fields["note"].label = _("Note for yourself")
    if request.method == "POST" and plan_editor_valid(form, formset):
        services.assign_routine(
            coach=None, athlete=athlete, template=template, items=formset.items(), notify=False, **form.cleaned_data
        )
        messages.success(
            request, _("Started %(plan)s. Tick off each session here.") % {"plan": form.cleaned_data["name"]}
        )
        return redirect("athletes:routine")
    active = athlete.assignments.filter(is_active=True).first()
    return render(
        request,
        "athletes/start_plan.html",
        {"template": template, "form": form, "formset": formset, "active": active},
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def change_own_plan(request):
    """An athlete without a coach changes the plan they started: schedule, items and doses.

    The same editor and rules as a coach's change; the change is theirs, in their plan's record,
    and past sessions keep what they ticked. A coached athlete, or a coach's plan: 404.
    """
    active = own_plan_or_404(request.user)
    form, formset = change_editor_forms(request, active)
    form.fields["note"].label = _("Note for yourself")
    form.fields["message"].label = _("Why you changed it")
    form.fields["message"].help_text = _("Optional: shown beside the change in your plan's record.")
    if request.method == "POST" and plan_editor_valid(form, formset):
        save_plan_change(request, active, form, formset, coach=None)
        return redirect("athletes:routine")
    return render(request, "athletes/change_own_plan.html", {"assignment": active, "form": form, "formset": formset})
