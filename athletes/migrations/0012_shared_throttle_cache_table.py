"""The table of the "throttle" cache (settings.CACHES), where the wrong-invite-code counter lives,
so that every worker process counts the same tries. `createcachetable` makes it (and any other
database cache's table) if it is missing; with CACHES pointing elsewhere it does nothing."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_throttle_table(apps, schema_editor):
    throttle = settings.CACHES.get("throttle", {})
    if throttle.get("BACKEND") != "django.core.cache.backends.db.DatabaseCache":
        return
    if throttle["LOCATION"] in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(throttle['LOCATION'])}")


class Migration(migrations.Migration):

    dependencies = [
        ("athletes", "0011_single_use_invites"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, drop_throttle_table),
    ]
