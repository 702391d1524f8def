"""The athlete's own pages: the log, episode details, history and insights."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from cramps.htmx import is_partial_request, render_page_or_partial
from library.models import Cause, plan_item_prefetches

from .. import insights, services
from ..decorators import athlete_required
from ..forms import EpisodeFilterForm, EpisodeForm, InviteCodeForm, QuickLogForm, SessionForm
from ..models import AthleteProfile, CoachLink, CrampEpisode
from .shared import render_confirm

HISTORY_PAGE_SIZE = 20


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
    rows = [
        (episode, [cause_names[slug] for slug in insights.infer_causes(episode) if slug in cause_names])
        for episode in page
    ]
    context = {"filter_form": filter_form, "page": page, "rows": rows}
    if not is_partial_request(request):
        context.update(red_flags=insights.red_flags_for(request.user), show_quick_log=True)
    return render_page_or_partial(request, "athletes/episode_list.html", "results", context)


@athlete_required
@require_POST
def quick_log(request):
    """Save muscle and severity now; htmx swaps the panel, a plain form goes back to the log."""
    form = QuickLogForm(request.POST)
    if not form.is_valid():
        return render_page_or_partial(
            request, "athletes/quick_log.html", "panel", {"quick_form": form, "show_quick_log": True}
        )
    episode, created = services.log_quick_episode(request.user, **form.cleaned_data)
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
    form = EpisodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        episode = form.save(commit=False)
        episode.athlete = request.user
        episode.save()
        form.save_m2m()
        services.notify_coaches_of_new_flags(episode)
        messages.success(request, f"Logged: {episode}.")
        return redirect("athletes:episode-list")
    return render(request, "athletes/episode_form.html", {"form": form, "episode": None})


@athlete_required
@require_http_methods(["GET", "POST"])
def episode_edit(request, pk):
    episode = _episode_for_athlete(request, pk)
    flags_before = services.episode_flags(episode)
    form = EpisodeForm(request.POST if request.method == "POST" else None, instance=episode)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.notify_coaches_of_new_flags(episode, flags_before=flags_before)
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
    return render_confirm(
        request,
        title="Delete this episode?",
        message=f"{episode}, {date_format(timezone.localtime(episode.occurred_at), 'D j M Y, H:i')}. "
        "This cannot be undone.",
        button="Delete episode",
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
            "profile_shares": profile_shares,
            "red_flags": red_flags,
            "strategies": strategies,
            "exercises": exercises,
            "window_days": insights.WINDOW_DAYS,
        },
    )


# Coaching, from the athlete's side -----------------------------------------


@athlete_required
@require_http_methods(["GET", "POST"])
def join(request, code=None):
    """Enter a coach's code, see who the coach is, and accept."""
    if request.method == "POST":
        form = InviteCodeForm(request.POST)
    else:
        code = code or request.GET.get("code")
        form = InviteCodeForm({"code": code} if code else None)
    invite = form.invite if form.is_valid() else None
    if invite and request.method == "POST" and "accept" in request.POST:
        _, created = services.accept_invite(request.user, invite)
        coach = invite.coach.display_name
        messages.success(request, f"{coach} is now your coach." if created else f"{coach} is already your coach.")
        return redirect("athletes:coaches")
    return render(request, "athletes/join.html", {"form": form, "invite": invite})


@athlete_required
@require_safe
def coaches(request):
    links = CoachLink.objects.active().filter(athlete=request.user).select_related("coach")
    return render(request, "athletes/coaches.html", {"links": links})


@athlete_required
@require_http_methods(["GET", "POST"])
def leave_coach(request, pk):
    link = get_object_or_404(CoachLink.objects.active().select_related("coach"), pk=pk, athlete=request.user)
    if request.method == "POST":
        services.end_link(link)
        messages.success(request, f"You have left {link.coach.display_name}. They no longer see your data.")
        return redirect("athletes:coaches")
    return render_confirm(
        request,
        title=f"Leave {link.coach.display_name}?",
        message="From now on they will not see your episodes, insights or routine.",
        button="Leave coach",
        cancel_url=reverse("athletes:coaches"),
    )


def _plans_context(athlete, *, today):
    """The active plan's record (changes, sessions) and every past plan, for the routine page. Six queries."""
    plans = insights.plan_history(athlete, today=today)
    return {
        "active_plan": next((plan for plan in plans if plan.assignment.is_active), None),
        "past_plans": [plan for plan in plans if not plan.assignment.is_active],
    }


@athlete_required
@require_http_methods(["GET", "POST"])
def routine(request):
    """Today's session of the active routine: tick items off, then finish with how it went."""
    assignment = (
        request.user.assignments.filter(is_active=True)
        .select_related("coach")
        .prefetch_related("sessions")
        .annotate(first_episode_at=insights.first_episode_at())
        .first()
    )
    today = timezone.localdate()
    plans = _plans_context(request.user, today=today)
    if assignment is None:
        return render(request, "athletes/routine.html", {"assignment": None, **plans})
    todays = next((s for s in assignment.sessions.all() if s.performed_on == today), None)
    initial = {}
    if todays:
        initial = {
            "completed_items": [item.pk for item in todays.completed_items.all()],
            "helped": todays.helped,
            "discomfort": todays.discomfort,
            "discomfort_note": todays.discomfort_note,
        }
    form = SessionForm(request.POST if request.method == "POST" else None, assignment=assignment, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_session(assignment, performed_on=today, **form.cleaned_data)
        messages.success(request, "Session saved. Well done.")
        return redirect("athletes:routine")
    items = list(
        assignment.items.filter(removed_at__isnull=True)
        .select_related("exercise", "strategy")
        .prefetch_related(*plan_item_prefetches())
    )
    times = insights.episode_times_for_assignments(request.user, [assignment])
    return render(
        request,
        "athletes/routine.html",
        {
            "assignment": assignment,
            "exercises": [item for item in items if not item.is_habit],
            "habits": [item for item in items if item.is_habit],
            "form": form,
            "todays": todays,
            "today": today,
            "checked": {str(pk) for pk in form["completed_items"].value() or []},
            **plans,
            "progress": insights.routine_progress(
                assignment,
                sessions_done=len(assignment.sessions.all()),
                episode_times=times,
                today=today,
                history_start=insights.history_start(request.user, assignment.first_episode_at),
            ),
        },
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def stop_routine(request):
    """The athlete ends their own active routine (it stays in the history)."""
    assignment = get_object_or_404(request.user.assignments, is_active=True)
    if request.method == "POST":
        services.end_assignment(assignment, by=request.user)
        messages.success(request, f"Stopped {assignment.name}.")
        return redirect("athletes:routine")
    return render_confirm(
        request,
        title=f"Stop {assignment.name}?",
        message="It stays in your history, and your coach (if any) sees that it ended today.",
        button="Stop routine",
        cancel_url=reverse("athletes:routine"),
    )
