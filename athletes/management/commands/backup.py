from django.core.management.base import BaseCommand

from cramps import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database into backups/cramps-YYYYmmdd-HHMMSS.json.gz "
        "(PostgreSQL: a pg_dump .dump file, unless --json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(backups.BACKUP_DIR), help="Where to write it (default: backups/).")
        parser.add_argument(
            "--json", action="store_true", help="Gzipped JSON on PostgreSQL too (loads into any database)."
        )

    def handle(self, *args, **options):
        path = backups.backup(directory=options["dir"], json=options["json"])
        self.stdout.write(f"Backed up to {path}")
