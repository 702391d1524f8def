"""The language to write to a member in: below the models' users, so every writer can use it."""

from django.conf import settings
from django.utils import translation


def language_of(user, *, fallback=None):
    """The language to write to `user` in: their choice, else `fallback`, else the site's default."""
    return user.language or fallback or settings.LANGUAGE_CODE


def in_language_of(user, *, fallback=None):
    """A context in which every string is written in `user`'s language (see language_of), for their email."""
    return translation.override(language_of(user, fallback=fallback))
