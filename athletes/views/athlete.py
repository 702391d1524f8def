"""The athlete's own pages: the log, episode details, history and insights."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from library.models import Cause, Exercise, Strategy

from .. import insights
from ..decorators import athlete_required
from ..forms import EpisodeFilterForm, EpisodeForm, QuickLogForm
from ..models import AthleteProfile, CrampEpisode
from ..services import log_quick_episode

HISTORY_PAGE_SIZE = 20


def _episode_for_athlete(request, pk):
    """The signed-in athlete's own episode, or 404."""
    return get_object_or_404(CrampEpisode, pk=pk, athlete=request.user)


@athlete_required
@require_GET
def episode_list(request):
    """History, newest first, filterable; the quick log sits on top."""
    filter_form = EpisodeFilterForm(request.GET or None)
    page = Paginator(filter_form.filter(request.user.episodes.all()), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cause_names = dict(Cause.objects.values_list("slug", "name"))
    rows = [
        (episode, [cause_names[slug] for slug in insights.infer_causes(episode) if slug in cause_names])
        for episode in page
    ]
    context = {"filter_form": filter_form, "page": page, "rows": rows}
    if request.htmx and not request.htmx.boosted:
        return render(request, "athletes/episode_list.html#results", context)
    context["red_flags"] = insights.red_flags_for(request.user)
    context["show_quick_log"] = True
    return render(request, "athletes/episode_list.html", context)


@athlete_required
@require_POST
def quick_log(request):
    """Save muscle and severity now; htmx swaps the panel, a plain form goes back to the log."""
    form = QuickLogForm(request.POST)
    if not form.is_valid():
        template = "athletes/quick_log.html#panel" if request.htmx else "athletes/quick_log.html"
        return render(request, template, {"quick_form": form})
    episode, created = log_quick_episode(request.user, **form.cleaned_data)
    red_flags = insights.red_flags_for(request.user)
    if not request.htmx:
        messages.success(request, f"Logged: {episode}. Add details below if you have a moment.")
        return redirect("athletes:episode-edit", pk=episode.pk)
    response = render(
        request,
        "athletes/quick_log.html#panel",
        {"quick_form": QuickLogForm(), "saved_episode": episode, "red_flags": red_flags},
    )
    return trigger_client_event(response, "episode-logged") if created else response


@athlete_required
@require_http_methods(["GET", "POST"])
def episode_create(request):
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        episode = form.save(commit=False)
        episode.athlete = request.user
        episode.save()
        form.save_m2m()
        messages.success(request, f"Logged: {episode}.")
        return redirect("athletes:episode-list")
    return render(request, "athletes/episode_form.html", {"form": form, "episode": None})


@athlete_required
@require_http_methods(["GET", "POST"])
def episode_edit(request, pk):
    episode = _episode_for_athlete(request, pk)
    form = EpisodeForm(request.POST or None, instance=episode)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved: {episode}.")
        return redirect("athletes:episode-list")
    return render(
        request,
        "athletes/episode_form.html",
        {"form": form, "episode": episode, "red_flags": insights.red_flags_for(request.user)},
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def episode_delete(request, pk):
    episode = _episode_for_athlete(request, pk)
    if request.method == "POST":
        episode.delete()
        messages.success(request, "Episode deleted.")
        return redirect("athletes:episode-list")
    return render(request, "athletes/episode_confirm_delete.html", {"episode": episode})


@athlete_required
@require_GET
def insights_page(request):
    """Trends, where and when, the trigger profile, red flags and what to do about the top causes."""
    athlete = request.user
    profile, _ = AthleteProfile.objects.get_or_create(user=athlete)
    episodes = insights.episodes_in_window(athlete)
    profile_shares = insights.trigger_profile(episodes)
    top_causes = [share.cause for share in profile_shares[:3]]
    red_flags = insights.raise_flags(
        insights.red_flag_reasons(episodes, previous_count=insights.previous_window_count(athlete))
    )
    group = profile.library_athlete_type
    strategies = (
        Strategy.objects.filter(causes__in=top_causes)
        .filter(Q(athlete_group="all") | Q(athlete_group=group))
        .distinct()[:6]
    )
    exercises = Exercise.objects.filter(causes__in=top_causes).distinct()[:6]
    return render(
        request,
        "athletes/insights.html",
        {
            "episodes": episodes,
            "chart": insights.chart_bars([(week.strftime("%-d %b"), n) for week, n in insights.weekly_counts(athlete)]),
            "breakdowns": insights.breakdowns(episodes),
            "profile_shares": profile_shares,
            "red_flags": red_flags,
            "strategies": strategies if top_causes else [],
            "exercises": exercises if top_causes else [],
            "window_days": insights.WINDOW_DAYS,
        },
    )
