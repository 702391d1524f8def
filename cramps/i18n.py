"""The scripts' translations: Django's JavaScript catalogue at one address per language.

The address names the language, so the answer is the same for everyone who asks for it and the
browser may keep it: a member's pages are never cached (PrivatePagesMiddleware), but this holds
no one's data, only the words static/js/*.js show. base.html asks for the page's language.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

CATALOGUE_MAX_AGE = 60 * 60  # seconds: a changed translation reaches the browsers within the hour


@require_safe
def javascript_catalog(request, language):
    """gettext() and friends for the scripts, in `language` (404 for one the site does not speak). No queries."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        response = JavaScriptCatalog.as_view()(request)
    patch_cache_control(response, public=True, max_age=CATALOGUE_MAX_AGE)
    return response
