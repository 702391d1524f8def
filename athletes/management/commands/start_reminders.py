from datetime import timedelta

from django.core.management.base import BaseCommand

from athletes.reminders import queue_pass, waiting_passes


class Command(BaseCommand):
    help = (
        "Start the reminder passes in the task worker: queue the first one unless one is waiting already. "
        "Each pass queues the next, a minute later. Safe to run at every start."
    )

    def handle(self, *args, **options):
        if waiting_passes() is None:
            self.stdout.write("Reminders: only the database task backend runs reminder passes; none queued.")
        elif queue_pass(after=timedelta(0)) is not None:
            self.stdout.write("Reminders: the first pass is queued; the task worker runs one a minute.")
        else:
            self.stdout.write("Reminders: a pass is already queued.")
