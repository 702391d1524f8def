"""One template per page: htmx requests that swap part of a page get only its named partial."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_partial_request(request):
    """True for an htmx request that swaps part of the page (not a boosted load or a history restore)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_partial(request, template, partial, context):
    """Render `template`, or only its `partial` for a partial request; the response varies on HX-Request."""
    name = f"{template}#{partial}" if is_partial_request(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
