from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from athletes.models import AthleteProfile, User

DEMO_PASSWORD = "cramps-demo"
DEMO_ACCOUNTS = [
    # username, role, is_staff, first name
    ("staff", User.Role.COACH, True, "Sam"),
    ("coach", User.Role.COACH, False, "Casey"),
    ("athlete", User.Role.ATHLETE, False, "Alex"),
]


class Command(BaseCommand):
    help = "Create the demo accounts for local development (only when DEBUG is on). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are a local convenience; set DJANGO_DEBUG=1 to create them.")
        for username, role, is_staff, first_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "role": role,
                    "is_staff": is_staff,
                    "is_superuser": is_staff,
                    "first_name": first_name,
                    "email": f"{username}@cramps.local",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if user.is_athlete:
                AthleteProfile.for_user(user)
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for username, role, is_staff, _ in DEMO_ACCOUNTS:
            label = "staff (admin at /admin/)" if is_staff else role.label.lower()
            self.stdout.write(f"  {username:<8} {label}")
