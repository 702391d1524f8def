"""Every URL pattern the project answers, walked from the resolver, with its path parameters filled in.

Tests that prove who may use what walk these, so a view added later is covered without
anyone listing it; a parameter with a new name fails `value_for` until it is given a value here.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.regex_helper import normalize

from .world import FLAG

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
ADMIN_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")


@dataclass(frozen=True)
class Route:
    name: str  # "athletes:episode-edit"; unnamed admin redirects get "admin:<route>"
    template: str  # "log/<pk>/"

    @property
    def params(self):
        return PARAMETER.findall(self.template)

    @property
    def is_admin(self):
        return self.template.startswith("admin/")

    def __str__(self):
        return self.name


def _piece(pattern):
    """A pattern's text with each parameter written <name>; a regex becomes the string it reverses to."""
    if isinstance(pattern, RegexPattern):
        text, _ = normalize(pattern.regex.pattern)[0]
        return re.sub(r"%\((\w+)\)s", r"<\1>", text)
    return str(pattern)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        template = prefix + _piece(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, template, inner)
        else:
            yield Route(f"{namespace}{pattern.name or template}", template)


def every_route():
    """Every URL pattern, in the resolver's order; a name shadowed by an earlier pattern only once."""
    routes, seen = [], set()
    for route in _walk(get_resolver().url_patterns):
        if route.template not in seen:
            seen.add(route.template)
            routes.append(route)
    return routes


# The object a URL's `pk` names, where it is not an athlete (the coach's pages about one athlete).
PK_OF = {
    "athletes:episode-edit": lambda world: world.episode.pk,
    "athletes:episode-delete": lambda world: world.episode.pk,
    "athletes:leave-coach": lambda world: world.link.pk,
    "athletes:invite-delete": lambda world: world.invite.pk,
    "athletes:revoke-report-share": lambda world: world.share.pk,
    "athletes:plan-comments": lambda world: world.plan.pk,
    "athletes:session-comments": lambda world: world.session.pk,
    "athletes:episode-comments": lambda world: world.episode.pk,
}
# The library row a URL's `slug` names; other slugs are red flags.
SLUG_OF = {
    "library:cause-detail": lambda world: world.cause.slug,
    "library:exercise-detail": lambda world: world.exercise.slug,
    "library:routine-detail": lambda world: world.template.slug,
}


def _admin_row(template):
    """The first row of the model an admin URL is about (athletes/user/… → a user's pk)."""
    app_label, model_name = ADMIN_MODEL.match(template).groups()
    return apps.get_model(app_label, model_name)._default_manager.order_by("pk").values_list("pk", flat=True).first()


def value_for(world, route, param):
    """A plausible value for one path parameter: a real row's pk or slug where there is one."""
    if param == "pk":
        return PK_OF.get(route.name, lambda world: world.athlete.pk)(world)
    if param == "slug":
        return SLUG_OF.get(route.name, lambda world: FLAG)(world)
    if param == "code":
        return world.invite.code
    if route.name == "admin:view_on_site":  # an episode's "view on site" link
        return {"content_type_id": ContentType.objects.get_for_model(world.episode).pk, "object_id": world.episode.pk}[
            param
        ]
    if param in ("object_id", "id"):
        return _admin_row(route.template) or 1
    if param == "app_label":
        return world.episode._meta.app_label
    if param == "url":  # the admin's catch-all
        return "no-such-page/"
    if param == "uidb64":
        return urlsafe_base64_encode(force_bytes(world.athlete.pk))
    if param == "token":
        return "set-password"
    if param == "language":
        return "es"
    raise LookupError(f"No value for <{param}> in {route.template}: add one to cramps/tests/routes.py.")


def url_of(world, route):
    return "/" + PARAMETER.sub(lambda match: str(value_for(world, route, match.group(1))), route.template)
