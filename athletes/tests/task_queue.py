"""The production task queue in tests: tasks are stored in the database until the worker runs them.

The `queue` fixture (conftest.py) switches the queue on; run_worker runs what waits.
"""

from unittest import mock

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """`manage.py db_worker --batch`: run every ready task, then stop (keeping the test's connection open)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
