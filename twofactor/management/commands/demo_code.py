from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from athletes.models import User
from twofactor import demo, devices


class Command(BaseCommand):
    help = (
        "Print the sign-in code a demo account's authenticator app shows now (the demo coach and staff; "
        "DEBUG only). The same code as any authenticator app given the secret in README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo account that signs in with a code: coach or staff")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Demo codes are a local convenience; set DJANGO_DEBUG=1 (make demo-code does).")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account {username!r}. The demo's are made by `make run` (seed_demo).")
        device = devices.authenticator_of(user)
        if not demo.is_demo_device(device):
            raise CommandError(
                f"{username} has no demo authenticator app"
                + (": its own app shows its code." if device else " (it signs in without a code).")
            )
        code, wait = devices.usable_code(device)
        if code is None:
            raise CommandError(f"This step's codes are used; run it again in {int(wait) + 1} seconds.")
        self.stdout.write(code)
