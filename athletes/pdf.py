"""PDF from a rendered page, with WeasyPrint, and nothing fetched over the network.

The page's stylesheets are static files: `StaticFilesFetcher` reads them from disk (the collected copy
when there is one, else the source folder) and refuses every other address.
"""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base the page's relative addresses resolve against; it is never contacted.
BASE_URL = "https://cramps.invalid/"


def static_file(name):
    """The file on disk of the static file `name` ("css/cramps.css"), or None. No network."""
    if ".." in name.split("/"):
        return None
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    found = finders.find(name)
    return Path(found) if found else None


def static_file_for_url(url):
    """The file on disk behind a static file's URL on BASE_URL, or None for any other address."""
    prefix = urlsplit(settings.STATIC_URL).path
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
        return None
    return static_file(parts.path.removeprefix(prefix))


class StaticFilesFetcher(URLFetcher):
    """Serves static files from disk; any other address is refused, so nothing leaves the machine."""

    def fetch(self, url, headers=None):
        path = static_file_for_url(url)
        if path is None:
            raise ValueError(f"Only static files are read for a PDF, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html):
    """The PDF of an HTML page whose stylesheets are static files. Returns bytes."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()


def svg_style():
    """The CSS that drawings inside a PDF need (WeasyPrint styles an inline SVG only from within it)."""
    return static_file("css/cramps.css").read_text()


def page_numbering():
    """The words around the numbers of "Page 2 of 3" at each page's foot, in the active language: (before,
    between, after). The numbers are the stylesheet's page counters, so the words come apart from them; the
    sentence is the one the site's page lists use. A language that names the total first gets "2 / 3"."""
    before, _, rest = gettext("Page %(number)s of %(total)s").partition("%(number)s")
    between, found, after = rest.partition("%(total)s")
    if not found or "%(" in before:
        return "", " / ", ""
    return before, between, after
