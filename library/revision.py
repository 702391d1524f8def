"""Keeping what is built from the library until staff change it.

The library changes only through the admin (or a fixture load); every change bumps the one
LibraryRevision row (see library.signals). What is kept in the cache is keyed by that number,
so a change made through any server process is seen by every other at its next request, and
what was kept before it is never read again (the cache drops it in time).
"""

import hashlib

from django.core.cache import cache
from django.db.models import F
from django.utils import translation

from .models import LibraryRevision

REVISION = 1  # the primary key of the one row


def current():
    """The library's revision number (0 before its first change). One query."""
    return LibraryRevision.objects.filter(pk=REVISION).values_list("number", flat=True).first() or 0


def bump():
    """Count one change to the library: everything kept under the number before is out of date. One or two queries."""
    if not LibraryRevision.objects.filter(pk=REVISION).update(number=F("number") + 1):
        LibraryRevision.objects.get_or_create(pk=REVISION, defaults={"number": 1})


def kept(name, build):
    """What `build()` returns, kept in the cache until the library changes. One query when it is kept.

    `name` says what it is and everything it depends on besides the library (a slug, a query string);
    the active language is part of the key too, so each language keeps its own copy.
    A `build` that raises (a 404) keeps nothing.
    """
    key = f"library:{current()}:{translation.get_language()}:{hashlib.sha256(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, None)
    return value
