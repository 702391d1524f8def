from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"


class Command(BaseCommand):
    help = "Load the library content (causes, exercises, strategies, references, routines). Idempotent."

    def handle(self, *args, **options):
        if not FIXTURE.exists():
            self.stdout.write("No library fixture yet; skipping.")
            return
        call_command("loaddata", str(FIXTURE), verbosity=options["verbosity"])
