"""`{% body_map %}`: the lower-body map, as a picker inside an episode form or shaded by a window's episodes."""

from functools import cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ..insights import body_map as maps

register = template.Library()


def _render(shaded, svg_style=""):
    context = {
        "map": shaded,
        "view_box": maps.VIEW_BOX,
        "mirror": maps.MIRROR,
        "outline": maps.OUTLINE,
        "svg_style": svg_style,
    }
    return render_to_string("athletes/_body_map.html", context)


@cache
def _picker(language):
    """The picker is the same on every page in one language: drawn once per process and language
    (each time with DEBUG on). `language` is the active one, passed in so that it is the cache's key."""
    return _render(maps.PICKER)


@register.simple_tag
def body_map(shaded=None, svg_style=""):
    """Without an argument, a picker for the muscle and side of the form it sits in;
    with `shaded` (from insights.shaded_body_map), the regions shaded by their counts, beside a table.

    `svg_style`, CSS text, goes inside each drawing: for a PDF, whose renderer styles an SVG only from
    within it (a browser page never needs it, and its CSP would refuse it)."""
    if shaded or svg_style:
        return _render(shaded or maps.PICKER, svg_style)
    return _render(maps.PICKER) if settings.DEBUG else _picker(translation.get_language())
