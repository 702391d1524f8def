"""The athlete's episodes: the quick log, details, history, insights and flags."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from cramps.htmx import is_partial_request, render_page_or_partial
from library.models import Cause

from .. import comments, insights, services
from ..decorators import athlete_required
from ..forms import (
    EpisodeFilterForm,
    EpisodeForm,
    QuickLogForm,
    checkin_day_problem,
)
from ..models import AthleteProfile, CrampEpisode
from .shared import flag_title_or_404, own_threads, render_confirm, safe_next, with_coach_known

HISTORY_PAGE_SIZE = 20
# What the athlete reads after saving a session: {did it not help?: message}.


def _episode_for_athlete(request, pk):
    """The signed-in athlete's own episode, or 404."""
    return get_object_or_404(CrampEpisode, pk=pk, athlete=request.user)


@athlete_required
@require_safe
def episode_list(request):
    """History, newest first, filterable; the quick log sits on top."""
    filter_form = EpisodeFilterForm(request.GET or None)
    page = Paginator(filter_form.filter(request.user.episodes.all()), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cause_names = dict(Cause.objects.values_list("slug", "name"))
    rows = [_history_row(episode, cause_names) for episode in page]
    context = {"filter_form": filter_form, "page": page, "rows": rows}
    if not is_partial_request(request):
        since = timezone.now() - timedelta(days=insights.WINDOW_DAYS)
        window = list(request.user.episodes.filter(occurred_at__gt=since).order_by("-occurred_at", "-pk"))
        context.update(
            red_flags=insights.red_flags_for(request.user, episodes=window),
            without_context=insights.without_context(window),
            context_days=insights.CONTEXT_DAYS,
            show_quick_log=True,
            new_comments=comments.new_for_athlete(request.user),
            checked_in_today=request.user.checkins.filter(day=insights.local_today(request.user)).exists(),
        )
    return render_page_or_partial(request, "athletes/episode_list.html", "results", context)


def _history_row(episode, cause_names):
    """One episode of the history, with what its row shows worked out here rather than in the template. No queries.

    `cause_names` is {cause slug: name}; times are read in the current (the athlete's) zone.
    """
    when = timezone.localtime(episode.occurred_at)
    # for screen readers, beside Edit and Delete
    name = _("%(episode)s of %(when)s") % {"episode": episode, "when": date_format(when, "j M H:i")}
    return {
        "episode": episode,
        "where": episode.get_muscle_display() + (f" ({episode.get_side_display().lower()})" if episode.side else ""),
        "iso": when.isoformat(),
        "when": date_format(when, "D j M, H:i"),
        "causes": ", ".join(cause_names[slug] for slug in insights.infer_causes(episode) if slug in cause_names),
        "name": name,
        "edit_url": reverse("athletes:episode-edit", args=[episode.pk]),
        "delete_url": reverse("athletes:episode-delete", args=[episode.pk]),
    }


@athlete_required
@require_http_methods(["GET", "HEAD", "POST"])
def quick_log(request):
    """Save muscle and severity now; htmx swaps the panel, a plain form goes back to the log.

    A GET shows the quick log alone, with no history: the page the service worker keeps for offline use.
    """
    if request.method != "POST":
        return render(request, "athletes/quick_log.html", {"show_quick_log": True})
    form = QuickLogForm(request.POST)
    if not form.is_valid():
        return render_page_or_partial(
            request, "athletes/quick_log.html", "panel", {"quick_form": form, "show_quick_log": True}
        )
    episode, created = services.log_quick_episode(request.user, **form.cleaned_data)
    red_flags = insights.red_flags_for(request.user)
    if not request.htmx:
        messages.success(
            request, _("Logged: %(episode)s. Add details below if you have a moment.") % {"episode": episode}
        )
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
    """The full episode form. `?day=YYYY-MM-DD` (from a check-in for an earlier day) starts it at noon
    that day, with what the day's check-in said about heat, sweating and sleep."""
    initial = {}
    if request.method == "GET" and request.GET.get("day"):
        initial = _initial_for_day(request.user, request.GET["day"])
    form = EpisodeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        episode = form.save(commit=False)
        episode.athlete = request.user
        episode.save()
        form.save_m2m()
        services.notify_coaches_of_new_flags(episode)
        messages.success(request, _("Logged: %(episode)s.") % {"episode": episode})
        return redirect("athletes:episode-list")
    return render(request, "athletes/episode_form.html", {"form": form, "episode": None})


def _initial_for_day(athlete, value):
    """The episode form's initial values for a cramp on the day `value` names; {} for a bad or far day. One query."""
    today = insights.local_today(athlete)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return {}
    if checkin_day_problem(day, today=today):
        return {}
    initial = {"occurred_at": timezone.make_aware(datetime.combine(day, time(12, 0)))}
    checkin = athlete.checkins.filter(day=day).first()
    if checkin is not None:
        initial |= {
            "hot_conditions": checkin.hot_conditions,
            "heavy_sweating": checkin.heavy_sweating,
            "sleep_hours": checkin.sleep_hours,
        }
    return initial


@athlete_required
@require_http_methods(["GET", "POST"])
def episode_edit(request, pk):
    """Edit one episode. With `then=context` (from "Add details to N episodes"), saving goes on
    to the next recent episode that lacks context, newest first, until none is left."""
    episode = get_object_or_404(with_coach_known(CrampEpisode.objects), pk=pk, athlete=request.user)
    flags_before = services.episode_flags(episode)
    in_sequence = request.GET.get("then") == CONTEXT_SEQUENCE
    place = {"occurred_at": episode.occurred_at, "pk": episode.pk}  # before the form changes the instance
    form = EpisodeForm(request.POST if request.method == "POST" else None, instance=episode)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.notify_coaches_of_new_flags(episode, flags_before=flags_before)
        messages.success(request, _("Saved: %(episode)s.") % {"episode": episode})
        if in_sequence:
            return _next_in_sequence(request, place)
        return redirect("athletes:episode-list")
    context = {
        "form": form,
        "episode": episode,
        "red_flags": insights.red_flags_for(request.user),
        "threads": own_threads(request, Q(episode=episode)),
        "has_coach": episode.athlete_has_coach,
    }
    if in_sequence:
        context["next_episode"] = insights.next_without_context(request.user, **place)
    return render(request, "athletes/episode_form.html", context)


CONTEXT_SEQUENCE = "context"


def _next_in_sequence(request, place):
    """Redirect to the next episode lacking context, or back to the log when none is left."""
    following = insights.next_without_context(request.user, **place)
    if following is None:
        messages.success(request, _("Done: no more recent episodes are waiting for details."))
        return redirect("athletes:episode-list")
    return redirect(f"{reverse('athletes:episode-edit', args=[following.pk])}?then={CONTEXT_SEQUENCE}")


@athlete_required
@require_http_methods(["GET", "POST"])
def episode_delete(request, pk):
    episode = _episode_for_athlete(request, pk)
    if request.method == "POST":
        episode.delete()
        messages.success(request, _("Episode deleted."))
        return redirect("athletes:episode-list")
    return render_confirm(
        request,
        title=_("Delete this episode?"),
        message=_("%(episode)s, %(when)s. This cannot be undone.")
        % {"episode": episode, "when": date_format(timezone.localtime(episode.occurred_at), "D j M Y, H:i")},
        button=_("Delete episode"),
        cancel_url=reverse("athletes:episode-list"),
    )


@athlete_required
@require_safe
def insights_page(request):
    """Trends, where and when, the trigger profile, red flags and what to do about the top causes."""
    athlete = request.user
    profile = AthleteProfile.for_user(athlete)
    episodes = insights.episodes_in_window(athlete)
    profile_shares = insights.trigger_profile(episodes)
    red_flags = insights.red_flags_for(athlete, episodes=episodes, profile=profile)
    strategies, exercises = insights.advice_for(profile_shares, athlete_group=profile.library_athlete_type)
    return render(
        request,
        "athletes/insights.html",
        {
            "episodes": episodes,
            "chart": insights.weekly_chart(athlete),
            "breakdowns": insights.breakdowns(episodes),
            "where_map": insights.shaded_body_map(episodes),
            "profile_shares": profile_shares,
            "red_flags": red_flags,
            "without_context": insights.without_context(episodes),
            "context_days": insights.CONTEXT_DAYS,
            "strategies": strategies,
            "exercises": exercises,
            "window_days": insights.WINDOW_DAYS,
            "day_analysis": insights.day_analysis(athlete),
        },
    )


@athlete_required
@require_POST
def acknowledge_flag(request, slug):
    """The athlete has seen one of their red flags: it moves to the acknowledged list until it is raised again."""
    title = flag_title_or_404(slug)
    services.acknowledge_flag(request.user, slug, by=request.user)
    messages.success(
        request, _("Acknowledged: %(flag)s. It comes back if a new episode raises it again.") % {"flag": title}
    )
    return redirect(safe_next(request, reverse("athletes:episode-list")))


# Coaching, from the athlete's side -----------------------------------------
