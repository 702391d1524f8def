from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cramps.htmx import render_page_or_partial

from .forms import ExerciseFilterForm
from .models import (
    GRADE_ORDER,
    AthleteFocus,
    Cause,
    Exercise,
    ExerciseClaim,
    RedFlag,
    RoutineTemplate,
    RoutineTemplateItem,
    Strategy,
    StrategyClaim,
    plan_item_prefetches,
)


def _best_first(claims, item_field):
    """Claims on one cause, best evidence first, then in the library's item order."""
    return sorted(
        claims,
        key=lambda c: (GRADE_ORDER[c.grade], getattr(c, item_field).order, getattr(c, item_field).name),
    )


def _claims(model, *related):
    return Prefetch("claims", queryset=model.objects.select_related("cause", *related))


@login_required
@require_safe
def index(request):
    """Causes with what addresses each, the athlete-type focus and the red flags. Four queries."""
    causes = Cause.objects.prefetch_related("exercises", "strategies")
    return render(
        request,
        "library/index.html",
        {
            "causes": causes,
            "focuses": AthleteFocus.objects.all(),
            "red_flags": RedFlag.objects.all(),
        },
    )


@login_required
@require_safe
def cause_detail(request, slug):
    """A cause, and the exercises and habits that claim to help with it, best evidence first. Five queries."""
    cause = get_object_or_404(Cause.objects.prefetch_related("references"), slug=slug)
    exercise_claims = ExerciseClaim.objects.filter(cause=cause).select_related("exercise")
    strategy_claims = StrategyClaim.objects.filter(cause=cause).select_related("strategy")
    return render(
        request,
        "library/cause_detail.html",
        {
            "cause": cause,
            "exercise_claims": _best_first(exercise_claims, "exercise"),
            "strategy_claims": _best_first(strategy_claims, "strategy"),
            "routines": cause.routine_templates.all(),
        },
    )


@login_required
@require_safe
def exercise_list(request):
    form = ExerciseFilterForm(request.GET or None)
    exercises = form.filter(Exercise.objects.prefetch_related(_claims(ExerciseClaim)))
    page = Paginator(exercises, 24).get_page(request.GET.get("page"))
    return render_page_or_partial(request, "library/exercise_list.html", "results", {"form": form, "page": page})


@login_required
@require_safe
def exercise_detail(request, slug):
    exercise = get_object_or_404(
        Exercise.objects.prefetch_related(_claims(ExerciseClaim, "reference"), "references"), slug=slug
    )
    routines = RoutineTemplate.objects.filter(items__exercise=exercise).distinct()
    return render(request, "library/exercise_detail.html", {"exercise": exercise, "routines": routines})


@login_required
@require_safe
def strategy_list(request):
    strategies = Strategy.objects.prefetch_related(_claims(StrategyClaim, "reference")).order_by(
        "kind", "order", "name"
    )
    return render(request, "library/strategy_list.html", {"strategies": strategies})


@login_required
@require_safe
def routine_list(request):
    routines = RoutineTemplate.objects.prefetch_related("causes", "items")
    return render(request, "library/routine_list.html", {"routines": routines})


@login_required
@require_safe
def routine_detail(request, slug):
    """A plan template's exercises and habits, each with its dose and the evidence for what it claims."""
    items = (
        RoutineTemplateItem.objects.select_related("exercise", "strategy")
        .prefetch_related(*plan_item_prefetches())
        .order_by("position")
    )
    routine = get_object_or_404(
        RoutineTemplate.objects.prefetch_related("causes", Prefetch("items", queryset=items)), slug=slug
    )
    user = request.user
    # An athlete without a coach may start it; a coached athlete's coach assigns plans. One query, athletes only.
    coached = user.is_athlete and user.coach_links.active().exists()
    return render(
        request,
        "library/routine_detail.html",
        {"routine": routine, "can_start": user.is_athlete and not coached, "coached": coached},
    )
