"""`{% body_map %}`: the lower-body map, as a picker inside an episode form or shaded by a window's episodes."""

from django import template

from ..insights import body_map as maps

register = template.Library()


@register.inclusion_tag("athletes/_body_map.html")
def body_map(shaded=None, svg_style=""):
    """Without an argument, a picker for the muscle and side of the form it sits in;
    with `shaded` (from insights.shaded_body_map), the regions shaded by their counts, beside a table.

    `svg_style`, CSS text, goes inside each drawing: for a PDF, whose renderer styles an SVG only from
    within it (a browser page never needs it, and its CSP would refuse it)."""
    return {
        "map": shaded or maps.PICKER,
        "view_box": maps.VIEW_BOX,
        "mirror": maps.MIRROR,
        "outline": maps.OUTLINE,
        "svg_style": svg_style,
    }
