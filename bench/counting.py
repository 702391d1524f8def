"""What one request asks of the database: the queries it runs and the rows it fetches.

Rows are counted where the database driver hands them to Django (the cursor's fetch calls),
so a page that reads a thousand episodes to show a count of them is seen doing so, even if
its query count is small.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext


@dataclass
class Counts:
    queries: int = 0
    rows: int = 0


def _counting_fetch(name, counts):
    def fetch(self, *args, **kwargs):
        result = CursorWrapper.__getattr__(self, name)(*args, **kwargs)  # keeps Django's error wrapping
        if name == "fetchone":
            counts.rows += result is not None
        else:
            counts.rows += len(result)
        return result

    return fetch


@contextmanager
def counting():
    """Count the queries and fetched rows of the default database inside the block: `with counting() as c:`."""
    counts = Counts()
    patches = [
        mock.patch.object(CursorWrapper, name, _counting_fetch(name, counts), create=True)
        for name in ("fetchone", "fetchmany", "fetchall")
    ]
    with CaptureQueriesContext(connection) as queries:
        for patch in patches:
            patch.start()
        try:
            yield counts
        finally:
            for patch in patches:
                patch.stop()
    counts.queries = len(queries)
