"""Role checks for views. A user of the wrong role gets 404, like a stranger."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def _role_required(predicate):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


athlete_required = _role_required(lambda user: user.is_athlete)
coach_required = _role_required(lambda user: user.is_coach)
