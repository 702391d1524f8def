"""The daily check-in: a few seconds a day, so the trigger analysis sees the days without cramps too."""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import insights, services
from ..decorators import athlete_required
from ..forms import CHECKIN_EDIT_DAYS, CheckInForm, checkin_day_problem


def checkin_days(today):
    """The days a check-in can be given or changed for, today first. No queries."""
    return [today - timedelta(days=back) for back in range(CHECKIN_EDIT_DAYS + 1)]


def asked_day(value, *, today):
    """(the day `?day=` asks for, an error message or None): today when it is missing, bad or out of reach."""
    if not value:
        return today, None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return today, _("That is not a date (use YYYY-MM-DD): here is today's check-in.")
    problem = checkin_day_problem(day, today=today)
    if problem:
        return today, f"{problem} {_('Here is the check-in for today.')}"
    return day, None


def _initial(checkin, day):
    """The form's initial values: the day's own check-in when there is one, else nothing but the day. No queries.

    Never filled in from the day's episodes: they exist on cramp days only, so a prefill from them would
    say "yes" (heat, sweat, low fluids) on cramp days alone, and an athlete who accepted it would make a
    link where there is none (see insights.day_triggers).
    """
    if checkin is None:
        return {"day": day}
    initial = {name: getattr(checkin, name) for name in checkin.ANSWER_FIELDS}
    initial["cramped"] = "yes" if checkin.cramped else "no"
    return {**initial, "day": day}


def _cramp_logged_on(athlete, day):
    """Whether an episode is logged on `day` (a local date, in the current zone). One query."""
    return athlete.episodes.filter(
        occurred_at__gte=insights.local_midnight(day), occurred_at__lt=insights.local_midnight(day + timedelta(days=1))
    ).exists()


@athlete_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    """Cramps today? Yes or No, then the optional rest; Yes goes on to the quick log. Three to five queries."""
    athlete = request.user
    today = insights.local_today(athlete)
    if request.method == "POST":
        form = CheckInForm(request.POST, today=today, day=asked_day(request.POST.get("day"), today=today)[0])
        if form.is_valid():
            day = form.cleaned_data["day"]
            saved, _new = services.save_checkin(
                athlete, day=day, idempotency_key=form.cleaned_data["idempotency_key"], **form.values()
            )
            return _after_saving(request, athlete, saved, today=today)
        day = form.cleaned_data.get("day") or today
    else:
        day, problem = asked_day(request.GET.get("day"), today=today)
        if problem:
            messages.error(request, problem)
    checkins = {c.day: c for c in athlete.checkins.filter(day__gte=today - timedelta(days=CHECKIN_EDIT_DAYS))}
    if request.method == "GET":
        form = CheckInForm(initial=_initial(checkins.get(day), day), today=today, day=day)
    return render(
        request,
        "athletes/checkin.html",
        {
            "form": form,
            "day": day,
            "today": today,
            "days": [(d, checkins.get(d)) for d in checkin_days(today)],
            "existing": checkins.get(day),
        },
    )


def _after_saving(request, athlete, checkin, *, today):
    """Where a saved check-in leads: to log the day's cramp when there is none yet, else back to the check-in."""
    day = checkin.day
    on_the_day = checkin.cramped and _cramp_logged_on(athlete, day)
    if checkin.cramped and not on_the_day and day == today:
        messages.success(request, _("Check-in for today saved. Now log the cramp: where, and how bad?"))
        return redirect(reverse("athletes:episode-list") + "#quick-log")
    if checkin.cramped and not on_the_day:  # the quick log's time is now: an earlier day's cramp needs its own time
        messages.success(
            request,
            _("Check-in for %(when)s saved. Now log the cramp, with the time it came.")
            % {"when": date_format(day, _("l j F"))},
        )
        return redirect(reverse("athletes:episode-create") + f"?day={day.isoformat()}")
    if day == today:
        messages.success(request, _("Check-in for today saved. Thank you."))
        return redirect("athletes:checkin")
    messages.success(request, _("Check-in for %(when)s saved. Thank you.") % {"when": date_format(day, _("l j F"))})
    return redirect(reverse("athletes:checkin") + f"?day={day.isoformat()}")
