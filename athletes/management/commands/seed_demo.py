from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from athletes import demo
from twofactor.demo import DEMO_SECRET_SHOWN


class Command(BaseCommand):
    help = "Create the demo accounts and their data for local development (DEBUG only). Idempotent."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are a local convenience; set DJANGO_DEBUG=1 to create them.")
        demo.seed()
        self.stdout.write(f"Demo logins (password for each: {demo.DEMO_PASSWORD}):")
        self.stdout.write("  staff    library editor: the library in the admin at /admin/, no athlete data")
        self.stdout.write("  coach    coach with five athletes")
        self.stdout.write("  athlete  athlete (also jordan, morgan, riley, taylor)")
        self.stdout.write(
            "staff and coach also give a 6-digit code after the password: `make demo-code ACCOUNT=coach` prints it"
        )
        self.stdout.write(f"  (or add the setup key {DEMO_SECRET_SHOWN} to an authenticator app; see README.md).")
