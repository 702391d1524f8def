"""Backups of the whole database to one file, and restoring one into an empty database.

SQLite (or `--json` on any database): Django's dumpdata, gzipped JSON with natural keys for
content types and permissions, so it loads into a freshly migrated database. PostgreSQL:
pg_dump's custom format, restored by pg_restore. `manage.py backup` and `manage.py restore`
(and `make backup`, `make restore FILE=…`) call these.
"""

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from library.editors import ensure_library_editors

BACKUP_DIR = settings.BASE_DIR / "backups"
# Left out of JSON backups: what `migrate` makes again (content types, permissions), sessions
# (everyone logs in again), django-axes' lock-outs and log-in records (minutes long), and the
# email queue (a restored queue would send old email again).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "django_tasks_database"]
# A database with rows in these apps holds someone's data: restore will not overwrite it unasked.
DATA_APPS = ["athletes", "library"]


def backed_up_models():
    """Every model whose rows a JSON backup holds (many-to-many tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in EXCLUDE and model._meta.label not in EXCLUDE
    ]


def is_postgres():
    return connection.vendor == "postgresql"


def backup(*, directory=BACKUP_DIR, json=False):
    """Write a backup file into `directory` and return its path: cramps-YYYYmmdd-HHMMSS.json.gz (or .dump)."""
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"cramps-{stamp}{'.dump' if is_postgres() and not json else '.json.gz'}"
    # Health data: the file is the owner's alone from the moment it exists.
    old_mask = os.umask(0o077)
    try:
        if path.suffix == ".dump":
            _postgres("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
        else:
            with _snapshot():
                call_command("dumpdata", natural_foreign=True, exclude=EXCLUDE, output=str(path), verbosity=0)
    except BaseException:
        path.unlink(missing_ok=True)  # never leave half a backup that looks like a whole one
        raise
    finally:
        os.umask(old_mask)
    return path


@contextmanager
def _snapshot():
    """One consistent view of the database for the whole dump, without holding writers back.

    SQLite in WAL mode: a deferred transaction reads one snapshot while writers go on (the
    project's IMMEDIATE mode would take the write lock). PostgreSQL: a repeatable-read one.
    Inside a transaction already (a test), the dump reads that transaction's view.
    """
    if connection.in_atomic_block:
        yield
        return
    mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic():
            if is_postgres():
                connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode


def has_data():
    """Whether any table of DATA_APPS exists and holds a row."""
    tables = set(connection.introspection.table_names())
    return any(
        model._default_manager.exists()
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.db_table in tables
    )


def restore(path, *, force=False):
    """Load a backup into this database; refuses one that holds data unless `force`, which replaces it."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"No backup file at {path}.")
    if path.name.endswith(".dump"):
        _restore_postgres(path, force=force)
    elif path.name.endswith((".json", ".json.gz")):
        _restore_json(path, force=force)
    else:
        raise CommandError(f"{path.name} is not a Cramps backup: expected a .json.gz or a PostgreSQL .dump file.")


def _refuse_unless(force):
    if has_data() and not force:
        raise CommandError(
            f"The database {connection.settings_dict['NAME']} already holds data. "
            "Restore into an empty database, or add --force to replace everything in it."
        )


def _restore_json(path, *, force):
    call_command("migrate", interactive=False, verbosity=0)
    _refuse_unless(force)
    if has_data():
        call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        # The groups migrate made (no one is in them yet): the backup brings its own, with their ids.
        Group.objects.filter(user__isnull=True).delete()
        call_command("loaddata", str(path), verbosity=0)
        ensure_library_editors()  # for a backup made before the group existed


def _restore_postgres(path, *, force):
    if not is_postgres():
        raise CommandError(f"{path.name} is a PostgreSQL backup; point DATABASE_URL at a PostgreSQL database.")
    _refuse_unless(force)
    connection.close()
    _postgres("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path))


def _postgres(program, *args):
    """Run pg_dump or pg_restore on this database; the password goes in the environment, not the arguments."""
    if shutil.which(program) is None:
        raise CommandError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    db = connection.settings_dict
    given = {"PGHOST": db["HOST"], "PGPORT": db["PORT"], "PGUSER": db["USER"], "PGPASSWORD": db["PASSWORD"]}
    env = {**os.environ, **{name: str(value) for name, value in given.items() if value}}
    result = subprocess.run(
        [program, *args, f"--dbname={db['NAME']}"], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")
