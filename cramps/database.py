"""The web server opens an SQLite database that exists, and never makes a new one.

SQLite creates an empty file when asked to open one that is not there. For `migrate` that is
how a database begins; for a running server it would turn a moved or deleted file into an
empty database that answers every query with "no such table". So the server's entry points
(cramps/wsgi.py, cramps/asgi.py) call `open_existing_sqlite_only` first: it refuses to start
when the file is missing, and opens it read-write only (SQLite's `mode=rw`), so a file that
goes away later is an outage the pages answer with 503, not a new empty database.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def open_existing_sqlite_only(database):
    """Check an SQLite `database` (a DATABASES entry) names a file that exists, and open it read-write only.

    Changes the entry in place; other engines are left alone.
    """
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return
    name = str(database["NAME"])
    if name.startswith("file:") or name == ":memory:":
        return  # already a URI: it says for itself how to open the file
    path = Path(name)
    if not path.is_file():
        raise ImproperlyConfigured(
            f"The SQLite database {path} does not exist. Create it with `manage.py migrate` (make run and "
            "make serve do), or point DATABASE_URL at the database you meant."
        )
    database["NAME"] = f"{path.resolve().as_uri().replace('file://', 'file:', 1)}?mode=rw"


def sqlite_file_gone(database):
    """True when an SQLite `database` (a DATABASES entry) names a file that is no longer there.

    A connection opened before the file was moved or deleted still reads it, but the next one
    cannot: the health check says so at once. Other engines: always False. No queries.
    """
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return False
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return False
    path = unquote(urlsplit(name).path) if name.startswith("file:") else name
    return not Path(path).is_file()
