"""Log-in lock-outs: django-axes' database handler (settings.AXES_HANDLER), with two changes.

- A window counts from its first failure. Axes moves a client's attempt time to its latest failure,
  so each slip made the wait longer; here the time stays at the first failure, and a lock-out ends
  LOGIN_COOL_OFF_MINUTES after it, as the lock-out page says. Tries during a lock-out are not counted
  at all (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off).
- An address has a limit of its own, for guesses spread over many usernames: LOGIN_ADDRESS_FAILURE_LIMIT
  failures from one address in the window pause every log-in from it. It is higher than the limit for
  one username, so people who share an address are not paused by a slip each.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


def _counted(request):
    """The attempts that still count at this request: first failed less than the cool-off ago."""
    return AccessAttempt.objects.filter(attempt_time__gt=request.axes_attempt_time - get_cool_off(request))


def address_failures(request):
    """Failures from the request's address in the window, whatever the usernames. One query."""
    rows = _counted(request).filter(ip_address=request.axes_ip_address)
    return rows.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None:  # axes logs it and counts nothing
            return super().user_login_failed(sender, credentials, request, **kwargs)
        username = get_client_username(request, credentials)
        # This client's attempt as it was: axes moves its time to now, and it goes back to the first failure.
        mine = _counted(request).filter(
            username=username, ip_address=request.axes_ip_address, user_agent=request.axes_user_agent
        )
        before = mine.values_list("pk", "attempt_time").first()
        super().user_login_failed(sender, credentials, request, **kwargs)
        if before is not None:
            AccessAttempt.objects.filter(pk=before[0]).update(attempt_time=before[1])
        if not request.axes_locked_out and address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)


def _first_to_leave(attempts, limit):
    """The first failure of the attempt whose leaving the window takes `attempts` below `limit`, or None
    if they are below it already. Attempts leave oldest first, each a cool-off after its first failure."""
    rows = list(attempts.order_by("attempt_time").values_list("attempt_time", "failures_since_start"))
    left = sum(failures for _, failures in rows)
    if left < limit:
        return None
    for first, failures in rows:
        left -= failures
        if left < limit:
            return first
    return None


def lockout(request, credentials=None):
    """(when log-in opens again for this username at this address, whether the whole address is paused);
    (None, False) if it is not locked. Two queries."""
    counted = _counted(request).filter(ip_address=request.axes_ip_address)
    this_username = _first_to_leave(
        counted.filter(username=get_client_username(request, credentials)), settings.AXES_FAILURE_LIMIT
    )
    every_username = _first_to_leave(counted, settings.LOGIN_ADDRESS_FAILURE_LIMIT)
    firsts = [first for first in (this_username, every_username) if first is not None]
    if not firsts:
        return None, False
    return max(firsts) + get_cool_off(request), every_username is not None
