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
from ..forms import CHECKIN_EDIT_DAYS, CheckInForm


def checkin_days(today):
    """The days a check-in can be given or changed for, today first. No queries."""
    return [today - timedelta(days=back) for back in range(CHECKIN_EDIT_DAYS + 1)]


def _asked_day(value, *, today):
    """(the day `?day=` asks for, an error message or None): today when it is missing, bad or out of reach."""
    if not value:
        return today, None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return today, _("That is not a date (use YYYY-MM-DD): here is today's check-in.")
    if day > today:
        return today, _("That day has not come yet: here is today's check-in.")
    if day < today - timedelta(days=CHECKIN_EDIT_DAYS):
        return today, _(
            "Check-ins can be given or changed for today and the %(days)d days before only: here is today's."
        ) % {"days": CHECKIN_EDIT_DAYS}
    return day, None


def _initial(athlete, checkin, day):
    """The form's initial values: the day's check-in, else what the day's episodes say. One query without a check-in."""
    if checkin is None:
        return {"day": day, **insights.checkin_from_episodes(athlete, day)}
    initial = {name: getattr(checkin, name) for name in checkin.ANSWER_FIELDS}
    initial["cramped"] = "yes" if checkin.cramped else "no"
    return {**initial, "day": day}


@athlete_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    """Cramps today? Yes or No, then the optional rest; Yes goes on to the quick log. Three to five queries."""
    athlete = request.user
    today = insights.local_today(athlete)
    if request.method == "POST":
        form = CheckInForm(request.POST, today=today)
        if form.is_valid():
            day = form.cleaned_data["day"]
            saved, _new = services.save_checkin(
                athlete, day=day, idempotency_key=form.cleaned_data["idempotency_key"], **form.values()
            )
            when = _("today") if day == today else date_format(day, "l j F")
            if saved.cramped and day == today:
                messages.success(request, _("Check-in for today saved. Now log the cramp: where, and how bad?"))
                return redirect(reverse("athletes:episode-list") + "#quick-log")
            if saved.cramped:  # the quick log's time is now: an earlier day's cramp needs its own time
                messages.success(
                    request,
                    _("Check-in for %(when)s saved. Now log the cramp, with the time it came.") % {"when": when},
                )
                return redirect("athletes:episode-create")
            messages.success(request, _("Check-in for %(when)s saved. Thank you.") % {"when": when})
            return redirect(reverse("athletes:checkin") + ("" if day == today else f"?day={day.isoformat()}"))
        day = form.cleaned_data.get("day") or today
    else:
        day, problem = _asked_day(request.GET.get("day"), today=today)
        if problem:
            messages.error(request, problem)
    checkins = {c.day: c for c in athlete.checkins.filter(day__gte=today - timedelta(days=CHECKIN_EDIT_DAYS))}
    if request.method == "GET":
        form = CheckInForm(initial=_initial(athlete, checkins.get(day), day), today=today)
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
