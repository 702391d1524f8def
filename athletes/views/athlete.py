"""The athlete's own pages: the log, episode details, history and insights."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from cramps import security
from cramps.htmx import is_partial_request, render_page_or_partial
from library.models import Cause, plan_item_prefetches

from .. import comments, insights, services
from ..decorators import athlete_required
from ..forms import (
    LATE_SESSION_DAYS,
    USED_INVITE_MESSAGE,
    EpisodeFilterForm,
    EpisodeForm,
    InviteCodeForm,
    QuickLogForm,
    SessionForm,
    checkin_day_problem,
)
from ..models import AthleteProfile, CoachLink, CrampEpisode
from . import plans
from .shared import flag_title_or_404, render_confirm, safe_next

HISTORY_PAGE_SIZE = 20
# What the athlete reads after saving a session: {did it not help?: message}.
SAVED_SESSION = {
    False: gettext_lazy("Session saved. Well done."),
    True: gettext_lazy(
        "Session saved. Sorry it did not help: your coach, if you have one, sees it, and the plan can change."
    ),
}


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
        "setting": episode.get_setting_display() if episode.setting else "",
        "duration": floatformat(episode.duration_minutes, "-1") if episode.duration_minutes else "",
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
    episode = _episode_for_athlete(request, pk)
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
        "threads": _threads(request, Q(episode=episode)),
    }
    if in_sequence:
        context["next_episode"] = insights.next_without_context(request.user, **place)
    return render(request, "athletes/episode_form.html", context)


CONTEXT_SEQUENCE = "context"


def _threads(request, where):
    """The athlete's comments a page shows (those matching `where`), the new ones marked read. One or two queries."""
    threads = comments.read_threads(request.user, viewer=request.user, next_url=request.get_full_path(), where=where)
    comments.mark_read(threads)
    return threads


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


@athlete_required
@require_http_methods(["GET", "POST"])
def join(request, code=None):
    """Enter a coach's code, see who the coach is, and accept."""
    if security.invite_tries_exhausted(request.user):
        return render(request, "athletes/join.html", {"locked_wait": security.invite_wait()}, status=429)
    if request.method == "POST":
        form = InviteCodeForm(request.POST)
    else:
        code = code or request.GET.get("code")
        form = InviteCodeForm({"code": code} if code else None)
    invite = form.invite if form.is_valid() else None
    if invite is None and form.is_bound and form.data.get("code") and "code" in form.errors:
        security.count_wrong_invite_code(request)
    if invite and request.method == "POST" and "accept" in request.POST:
        accepted = services.accept_invite(request.user, invite)
        if accepted is None:  # another athlete took it, or the coach withdrew it, a moment ago
            messages.error(request, USED_INVITE_MESSAGE)
            return redirect("athletes:join")
        _link, created = accepted
        coach = invite.coach.display_name
        messages.success(
            request,
            (_("%(coach)s is now your coach.") if created else _("%(coach)s is already your coach."))
            % {"coach": coach},
        )
        return redirect("athletes:coaches")
    return render(request, "athletes/join.html", {"form": form, "invite": invite})


@athlete_required
@require_safe
def coaches(request):
    """The athlete's coaches now, and every past one with the dates (a deleted coach's too)."""
    links = list(CoachLink.objects.filter(athlete=request.user).select_related("coach"))
    return render(
        request,
        "athletes/coaches.html",
        {
            "links": [link for link in links if link.ended_at is None],
            "past_links": [link for link in links if link.ended_at is not None],
        },
    )


@athlete_required
@require_http_methods(["GET", "POST"])
def leave_coach(request, pk):
    link = get_object_or_404(CoachLink.objects.active().select_related("coach"), pk=pk, athlete=request.user)
    if request.method == "POST":
        services.end_link(link)
        messages.success(
            request, _("You have left %(coach)s. They no longer see your data.") % {"coach": link.coach.display_name}
        )
        return redirect("athletes:coaches")
    return render_confirm(
        request,
        title=_("Leave %(coach)s?") % {"coach": link.coach.display_name},
        message=_("From now on they will not see your episodes, insights or routine."),
        button=_("Leave coach"),
        cancel_url=reverse("athletes:coaches"),
    )


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
        threads = _threads(request, Q(episode__isnull=True)) if history["past_plans"] else None
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
            "threads": _threads(request, Q(episode__isnull=True)),
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
