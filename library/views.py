from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from cramps.htmx import is_partial_request

from .forms import ExerciseFilterForm
from .models import (
    GRADE_ORDER,
    PURPOSE_ORDER,
    AthleteFocus,
    Cause,
    Exercise,
    ExerciseClaim,
    MuscleGroup,
    RedFlag,
    RoutineTemplate,
    RoutineTemplateItem,
    Strategy,
    StrategyClaim,
    plan_item_prefetches,
)
from .revision import kept


def _page(request, name, build):
    """The library page `name`: its title and content from `build()`, kept until the library changes.

    The content comes from the cache (one query, for the library's revision) once built;
    the page around it (the member's menu, the quick log) is rendered for each request.
    """
    title, content = kept(name, build)
    return render(request, "library/page.html", {"title": title, "content": mark_safe(content)})


def _best_first(claims, item_field):
    """Claims on one cause: prevention first, then easing a cramp in progress, then safety rules; within each,
    best evidence first, then in the library's item order."""
    return sorted(
        claims,
        key=lambda c: (
            PURPOSE_ORDER[c.purpose],
            GRADE_ORDER[c.grade],
            getattr(c, item_field).order,
            getattr(c, item_field).name,
        ),
    )


def _claims(model, *related):
    return Prefetch("claims", queryset=model.objects.select_related("cause", *related))


@login_required
@require_safe
def index(request):
    """Causes with what addresses each, the athlete-type focus and the red flags. Four queries to build."""

    def build():
        context = {
            "causes": Cause.objects.prefetch_related("exercises", "strategies"),
            "focuses": AthleteFocus.objects.all(),
            "red_flags": RedFlag.objects.all(),
        }
        return gettext("Library"), render_to_string("library/index.html", context)

    return _page(request, "index", build)


@login_required
@require_safe
def cause_detail(request, slug):
    """A cause, and the exercises and habits that claim to help with it, best evidence first. Five queries to build."""

    def build():
        cause = get_object_or_404(Cause.objects.prefetch_related("references"), slug=slug)
        exercise_claims = ExerciseClaim.objects.filter(cause=cause).select_related("exercise")
        strategy_claims = StrategyClaim.objects.filter(cause=cause).select_related("strategy")
        context = {
            "cause": cause,
            "exercise_claims": _best_first(exercise_claims, "exercise"),
            "strategy_claims": _best_first(strategy_claims, "strategy"),
            "routines": cause.routine_templates.all(),
        }
        return cause.name, render_to_string("library/cause_detail.html", context)

    return _page(request, f"cause:{slug}", build)


AREAS = {"", *MuscleGroup.values}


@login_required
@require_safe
def exercise_list(request):
    """Exercises, filtered by area and cause, in pages; htmx filters swap the results only."""
    partial = is_partial_request(request)

    def build():
        form = ExerciseFilterForm(request.GET or None)
        exercises = form.filter(Exercise.objects.prefetch_related(_claims(ExerciseClaim)))
        page = Paginator(exercises, 24).get_page(request.GET.get("page"))
        template = "library/exercise_list.html" + ("#results" if partial else "")
        return gettext("Exercises"), render_to_string(template, {"form": form, "page": page}, request=request)

    # The content depends on the filters and page asked for. It is kept only for what the filters
    # can ask (a known area, a cause the library has, a page number); anything else is built each
    # time, so made-up query strings cannot fill the cache with copies of the page.
    asked = request.GET
    area, cause, page = asked.get("area", ""), asked.get("cause", ""), asked.get("page", "1")
    can_keep = (
        set(asked) <= {"area", "cause", "page"}
        and area in AREAS
        and page.isdigit()
        and len(page) <= 3
        and (not cause or Cause.objects.filter(slug=cause).exists())
    )
    key = f"exercises:{partial}:{area}:{cause}:{page}"
    title, content = kept(key, build) if can_keep else build()
    if partial:
        response = HttpResponse(content)
    else:
        response = render(request, "library/page.html", {"title": title, "content": mark_safe(content)})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def exercise_detail(request, slug):
    def build():
        exercise = get_object_or_404(
            Exercise.objects.prefetch_related(_claims(ExerciseClaim, "reference"), "references"), slug=slug
        )
        routines = RoutineTemplate.objects.filter(items__exercise=exercise).distinct()
        context = {"exercise": exercise, "routines": routines}
        return exercise.name, render_to_string("library/exercise_detail.html", context)

    return _page(request, f"exercise:{slug}", build)


@login_required
@require_safe
def strategy_list(request):
    def build():
        strategies = Strategy.objects.prefetch_related(_claims(StrategyClaim, "reference")).order_by(
            "kind", "order", "name"
        )
        return gettext("Strategies"), render_to_string("library/strategy_list.html", {"strategies": strategies})

    return _page(request, "strategies", build)


@login_required
@require_safe
def routine_list(request):
    def build():
        routines = RoutineTemplate.objects.prefetch_related("causes", "items")
        return gettext("Routines"), render_to_string("library/routine_list.html", {"routines": routines})

    return _page(request, "routines", build)


@login_required
@require_safe
def routine_detail(request, slug):
    """A plan template's exercises and habits, each with its dose and the evidence for what it claims."""
    user = request.user
    # An athlete without a coach may start it; a coached athlete's coach assigns plans. One query, athletes only.
    coached = user.is_athlete and user.coach_links.active().exists()
    can_start = user.is_athlete and not coached

    def build():
        items = (
            RoutineTemplateItem.objects.select_related("exercise", "strategy")
            .prefetch_related(*plan_item_prefetches())
            .order_by("position")
        )
        routine = get_object_or_404(
            RoutineTemplate.objects.prefetch_related("causes", Prefetch("items", queryset=items)), slug=slug
        )
        context = {"routine": routine, "can_start": can_start, "coached": coached}
        return routine.name, render_to_string("library/routine_detail.html", context)

    return _page(request, f"routine:{slug}:{can_start}:{coached}", build)
