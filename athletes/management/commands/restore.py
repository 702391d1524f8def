from django.core.management.base import BaseCommand

from cramps import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this database (migrated first, for JSON). "
        "Refuses a database that holds data unless --force, which replaces everything in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .json.gz backup, or a .dump from PostgreSQL.")
        parser.add_argument("--force", action="store_true", help="Replace the data already in the database.")

    def handle(self, *args, **options):
        backups.restore(options["file"], force=options["force"])
        self.stdout.write(f"Restored {options['file']}")
