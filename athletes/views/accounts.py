import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import DataError, Error, IntegrityError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cramps import offline, security
from cramps.database import sqlite_file_gone
from cramps.middleware import browser_zone
from twofactor.devices import status_of as two_factor_status

from .. import export, insights, services
from ..decorators import athlete_required
from ..forms import (
    AccountForm,
    AthleteProfileForm,
    ExportForm,
    PasswordConfirmForm,
    ReminderSettingsForm,
    SignUpForm,
)
from ..models import AthleteProfile, CoachLink, User
from .shared import is_local_path

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """For load balancers and the benchmark baseline: one small query of a real table, no session.

    Answers 503 when the database does not answer, has lost its tables (an empty or replaced
    file answers `SELECT 1` but nothing else) or, for SQLite, its file is gone (an open
    connection still reads a moved file; the next one would not), so a balancer stops sending
    requests here.
    """
    try:
        if sqlite_file_gone(connection.settings_dict):
            raise OperationalError(f"the SQLite database {connection.settings_dict['NAME']} is no longer there")
        User.objects.order_by().values_list("pk").first()
    except Error:
        logger.exception("Health check: the database does not answer.")
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def is_outage(error):
    """A database error that means the database cannot serve (gone, corrupt, unreachable, without its tables).

    Errors about the data itself (a broken constraint, a value out of range) are bugs: they stay 500s.
    """
    return isinstance(error, Error) and not isinstance(error, IntegrityError | DataError)


def server_error(request):
    """handler500: a database that is down or gone gives a plain 503 page; any other error Django's 500.

    Renders without the request's context, so the page itself needs no database.
    """
    if is_outage(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent with a token that no longer matches (the page was open across a
    log-out, or another tab signed in) says so in the app's words and offers the page again."""
    return render(request, "403_csrf.html", {"again": request.get_full_path()}, status=403)


@require_safe
def home(request):
    """Send each role to its place (editors and other staff to the admin, where they edit the library); explain
    the app to visitors."""
    user = request.user
    if user.is_authenticated:
        if user.is_staff or user.is_editor:
            return redirect("admin:index")
        if user.is_coach:
            return redirect("athletes:dashboard")
        return redirect("athletes:episode-list")
    return render(request, "home.html")


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    zone = browser_zone(request)  # once cramps.js has told us; the person can pick another
    initial = {"time_zone": zone.key} if zone else {}
    form = SignUpForm(request.POST if request.method == "POST" else None, initial=initial)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not is_local_path(request, next_url):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        # The username is a public handle; the email address is not, so sign-up never says whether one
        # is taken and behaves the same either way: the account is made without an address, and the
        # address is the member's once they open the link sent to it (a taken one gets no link, and
        # its owner a note instead: services.ask_to_confirm_email).
        user = form.save()
        services.ask_to_confirm_email(user, form.cleaned_data["email"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Cramps, %(name)s.") % {"name": user.display_name})
        messages.info(request, confirm_email_message(form.cleaned_data["email"]))
        return redirect(next_url or "home")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def confirm_email_message(address, *, had=""):
    until = (
        _("Until then password resets and notifications go to the address you had before.")
        if had
        else _("Until then your account has no email address, so a password reset cannot reach you.")
    )
    sent = ngettext(
        "We have sent a link to %(address)s: open it within %(days)s day to confirm it.",
        "We have sent a link to %(address)s: open it within %(days)s days to confirm it.",
        services.EMAIL_CONFIRM_DAYS,
    ) % {"address": address, "days": services.EMAIL_CONFIRM_DAYS}
    return f"{sent} {until}"


@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The link from the confirmation email: a button (so a mail scanner's visit changes nothing),
    then the address is the member's. The signed link is the proof; no log-in is needed."""
    if request.method == "POST":
        user, address = services.confirm_email(token)
        if user is None:
            return render(request, "registration/confirm_email.html", {"failed": True}, status=404)
        security.record("email-changed", request, user=user.get_username())
        messages.success(request, _("%(address)s is now the email address of your account.") % {"address": address})
        return redirect("profile" if request.user == user else "login")
    return render(request, "registration/confirm_email.html", {"failed": False})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The signed-in user's own account, plus the athlete profile for athletes."""
    user = request.user
    account_form = AccountForm(
        request.POST if request.method == "POST" else None, instance=user, prefix="account", request=request
    )
    profile_form = reminder_form = None
    if user.is_athlete:
        athlete_profile = AthleteProfile.for_user(user)
        profile_form = AthleteProfileForm(
            request.POST if request.method == "POST" else None, instance=athlete_profile, prefix="profile"
        )
        reminder_form = ReminderSettingsForm(
            request.POST if request.method == "POST" else None, instance=athlete_profile, prefix="reminders"
        )
    if request.method == "POST":
        forms_valid = all(form.is_valid() for form in (account_form, profile_form, reminder_form) if form is not None)
        if forms_valid:
            account_form.save()
            if "language" in account_form.changed_data:
                # From this answer on: the message below, and every page after it (UserLanguageMiddleware).
                translation.activate(user.language or translation.get_language_from_request(request))
            if account_form.new_email:
                security.record("email-change-asked", request)
                # Beyond the limits no link is sent, and the page says the same.
                within_limits = security.address_within_limit(
                    request, "email-change", settings.EMAIL_CHANGE_ADDRESS_LIMIT
                ) and security.account_within_limit(user, "email-change", settings.EMAIL_CHANGE_ACCOUNT_LIMIT, request)
                if within_limits:
                    services.ask_to_confirm_email(user, account_form.new_email)
                messages.info(request, confirm_email_message(account_form.new_email, had=user.email))
            if profile_form is not None:
                profile_form.save()
                reminder_form.save()
            messages.success(request, _("Profile saved."))
            return redirect("profile")
    return render(
        request,
        "athletes/profile.html",
        {
            "account_form": account_form,
            "profile_form": profile_form,
            "reminder_form": reminder_form,
            "two_factor": two_factor_status(user),
        },
    )


# The member's own data ---------------------------------------------------------------


@athlete_required
@require_http_methods(["GET", "POST"])
def export_data(request):
    """After the password again, everything the athlete owns as JSON, or their episodes as CSV."""
    form = ExportForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["format"]
        security.record("export", request, format=kind)
        day = insights.local_today(request.user).isoformat()
        if kind == "csv":
            response = HttpResponse(export.episodes_csv(request.user), content_type="text/csv; charset=utf-8")
            filename = f"cramps-episodes-{day}.csv"
        else:
            response = JsonResponse(export.everything(request.user), json_dumps_params={"indent": 2})
            filename = f"cramps-export-{day}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "athletes/account_export.html", {"form": form, "formats": ExportForm.FORMATS})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Ask, with the password and what goes, then delete the member's account and log them out.

    Staff and editor accounts are deleted in admin by another staff member, so the library always has an editor.
    """
    user = request.user
    form = (
        None
        if user.is_staff or user.is_editor
        else PasswordConfirmForm(request.POST if request.method == "POST" else None, request=request)
    )
    if request.method == "POST" and form is not None and form.is_valid():
        security.record("account-deleted", request, role=user.role)
        services.delete_account(user)
        logout(request)
        messages.success(request, _("Your account and everything in it have been deleted. Thank you for using Cramps."))
        response = redirect("home")
        response["Clear-Site-Data"] = offline.CLEAR_SITE_DATA  # as a log-out: the phone forgets what it kept
        return response
    if user.is_athlete:
        counts = {
            "episodes": user.episodes.count(),
            "plans": user.assignments.count(),
            "coaches": CoachLink.objects.active().filter(athlete=user).count(),
        }
    elif user.is_coach:
        counts = {"athletes": CoachLink.objects.active().filter(coach=user).count()}
    else:
        counts = {}
    return render(request, "athletes/account_delete.html", {"form": form, "counts": counts})
