"""Role checks for views. A user of the wrong role gets 404, like a stranger (the security log says why).

Staff (library editors, superusers) are refused every athlete and coach page, whatever their role says
(User.is_athlete, User.is_coach): they work in the admin, and an athlete's data is not theirs to open.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from cramps import security


def _role_required(predicate, role):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                security.refuse(request, "staff" if request.user.is_staff else f"not-{role}")
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


athlete_required = _role_required(lambda user: user.is_athlete, "athlete")
coach_required = _role_required(lambda user: user.is_coach, "coach")
