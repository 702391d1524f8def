from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from library.models import Cause

FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"


class Command(BaseCommand):
    help = (
        "Load the library content (causes, exercises, strategies, references, routines) into an empty library. "
        "With --reload, load it over the current content, undoing staff edits to the shipped items."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reload", action="store_true", help="Load even if the library has content.")

    def handle(self, *args, **options):
        if not FIXTURE.exists():
            self.stdout.write("No library fixture; skipping.")
            return
        if Cause.objects.exists() and not options["reload"]:
            self.stdout.write("The library already has content; leaving it as staff left it (--reload to reset).")
            return
        call_command("loaddata", str(FIXTURE), verbosity=options["verbosity"])
