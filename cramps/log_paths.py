"""How logs name a request's path: never with a code or token in it.

Kept apart from cramps.security, which needs the apps loaded, so that the logging
settings can use the filter below before Django has set up.
"""

import logging

# Path parameters that are secrets: an invite code, a share or calendar token, a reset link's user.
SECRET_PARAMETERS = {"code", "token", "uidb64"}


def logged_path(request):
    """The request's path, or its URL pattern (e.g. /shared/<str:token>/) when the path holds a secret."""
    match = getattr(request, "resolver_match", None)
    if match is not None and SECRET_PARAMETERS & match.kwargs.keys():
        return f"/{match.route}"
    return request.path


class HideSecretPaths(logging.Filter):
    """On the log's handlers: a record that names a request's path (a 404, 405 or 500 on Django's
    request log, a refused POST on its CSRF log) writes a path that holds a code or token, such as a
    live share link, as its pattern, as the security log does."""

    def filter(self, record):
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path is not None and isinstance(record.args, tuple):
            shown = logged_path(request)
            if shown != path:
                record.args = tuple(shown if arg == path else arg for arg in record.args)
        return True
