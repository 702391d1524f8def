"""The installable app: its manifest, its service worker (served from the site root) and a log-out that clears it.

The service worker's code is static/js/sw.js; the view puts a few lines in front of it naming the files
and pages to keep (with ManifestStaticFilesStorage their names are hashed, so they cannot be written
into the file by hand), and serves it at /sw.js so that its scope is the whole site.
What it keeps, and what it never keeps, is written at the top of static/js/sw.js.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import PrefixNode, static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# The app shell: what every page an athlete logs from loads (base.html), kept so a page opens offline.
# test_offline.py checks that every script and stylesheet of the quick-log page is on this list.
SHELL = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/cramps.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "js/cramps.js",
    "js/body_map.js",
    "js/offline_queue.js",
    "js/offline.js",
    "favicon.svg",
    "icons/cramps-192.png",
]
# The pages kept for offline use: forms only, never history or insights.
OFFLINE_PAGES = ["athletes:quick-log", "athletes:checkin"]
THEME_COLOUR = "#b02a37"
# Asked for by the log-out response: the browser drops this site's caches and storage (the service worker's
# copies of pages, the offline queue in IndexedDB, the service worker itself). static/js/offline.js does the
# same on the log-out form's submit for browsers that ignore the header.
CLEAR_SITE_DATA = '"cache", "storage"'


def catalogue_urls():
    """The scripts' words in each language (the same for everyone): kept, but read from the network first."""
    return [reverse("javascript-catalog", args=[code]) for code, _name in settings.LANGUAGES]


def shell_urls():
    """The app shell's addresses: its files, and the scripts' words in each language."""
    return [static(name) for name in SHELL] + catalogue_urls()


def _offline_page_urls():
    return [reverse(name) for name in OFFLINE_PAGES]


def _worker_source():
    """static/js/sw.js, read on each request (a few kilobytes), so an edit shows without a restart."""
    with open(finders.find("js/sw.js"), encoding="utf-8") as source:
        return source.read()


def service_worker_script():
    """The service worker: its settings (files, pages, a version that changes with them), then static/js/sw.js."""
    config = {
        "shell": shell_urls(),
        # Not hashed like the static files, so their address never changes when a translation does: the
        # service worker asks the network for them first (static/js/sw.js), the kept copy serving offline.
        "fresh": catalogue_urls(),
        "pages": _offline_page_urls(),
        "fallback": reverse("athletes:quick-log"),
        "queue": static("js/offline_queue.js"),
        "static": PrefixNode.handle_simple("STATIC_URL"),
        "login": reverse("login"),
    }
    body = _worker_source()
    config["version"] = hashlib.sha256((json.dumps(config, sort_keys=True) + body).encode()).hexdigest()[:12]
    return f"self.CRAMPS = {json.dumps(config)};\n{body}"


@require_safe
def service_worker(request):
    """/sw.js: at the root so that it may control every page; never kept stale by the browser's cache."""
    response = HttpResponse(service_worker_script(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    """The web app manifest: what a phone needs to install Cramps on its home screen."""
    data = {
        "name": "Cramps",
        "short_name": "Cramps",
        "description": _("Log cramps in seconds, even offline, and see what sets them off."),
        "lang": get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("icons/cramps-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/cramps-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("icons/cramps-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


def logout(request, *args, **kwargs):
    """Django's log-out, and on success the browser is asked to forget what this site kept on the device."""
    response = auth_views.LogoutView.as_view()(request, *args, **kwargs)
    if request.method == "POST" and response.status_code < 400:
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
