"""Page benchmark: each page's time as a multiple of a trivial page measured in the same run.

Builds a throwaway SQLite database with the library and a coach with 50 athletes
(40 episodes each, routines and sessions), then times every main page through
Django's test client. Ratios, not absolute times, are comparable across machines.

    make bench            # or: .venv/bin/python bench/run.py [--repeat N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="cramps-bench-")) / "bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="cramps.settings",
    DATABASE_URL=f"sqlite:///{DB}",
    SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    DJANGO_DEBUG="0",
    HTTPS="0",
    ALLOWED_HOSTS="testserver",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def build():
    from django.utils import timezone

    from athletes.models import AthleteProfile, CoachLink, CrampEpisode, RoutineSession, User
    from athletes.services import assign_routine, items_from_template
    from library.models import RoutineTemplate

    call_command("migrate", verbosity=0)
    call_command("load_library", verbosity=0)
    coach = User.objects.create_user("bench-coach", "coach@bench.local", "x", role="coach")
    template = RoutineTemplate.objects.prefetch_related("items__exercise", "items__strategy").first()
    now = timezone.now()
    for n in range(50):
        athlete = User.objects.create_user(f"bench-{n}", f"b{n}@bench.local", "x", role="athlete", first_name=f"A{n}")
        AthleteProfile.objects.create(user=athlete)
        CoachLink.objects.create(coach=coach, athlete=athlete)
        CrampEpisode.objects.bulk_create(
            CrampEpisode(
                athlete=athlete,
                occurred_at=now - timezone.timedelta(hours=30 * i + n),
                muscle=["calves", "hamstrings", "feet"][i % 3],
                severity=3 + i % 6,
                setting=["training", "night", "competition", "rest"][i % 4],
                fluid_intake=["low", "high"][i % 2],
                minutes_into_session=40 + i % 50,
                session_rpe=5 + i % 5,
            )
            for i in range(40)
        )
        assignment = assign_routine(
            coach=coach,
            athlete=athlete,
            template=template,
            start_date=timezone.localdate() - timezone.timedelta(days=20),
            sessions_per_week=3,
            weeks=6,
            note="",
            notify=False,
            items=items_from_template(template),
        )
        RoutineSession.objects.bulk_create(
            RoutineSession(assignment=assignment, performed_on=assignment.start_date + timezone.timedelta(days=d))
            for d in range(0, 20, 3)
        )
    return coach, User.objects.get(username="bench-0")


def measure(client, url, repeat):
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    coach, athlete = build()
    pages = {
        "coach": [
            "/coach/",
            f"/coach/athletes/{athlete.pk}/",
            f"/coach/athletes/{athlete.pk}/assign/?template=calf-endurance-and-control",
        ],
        "athlete": ["/log/", "/insights/", "/routine/", "/library/", "/library/exercises/"],
    }
    baseline = measure(Client(), "/healthz", args.repeat)  # one plain query (SELECT 1), no session
    print(f"{'page':<62} {'median ms':>9} {'× healthz':>9} {'queries':>7}")
    print(f"{'/healthz (baseline)':<62} {baseline * 1000:>9.2f} {1:>9.1f} {count_queries(Client(), '/healthz'):>7}")
    for role, urls in pages.items():
        client = Client()
        client.force_login(coach if role == "coach" else athlete)
        for url in urls:
            median = measure(client, url, args.repeat)
            print(f"{url:<62} {median * 1000:>9.2f} {median / baseline:>9.1f} {count_queries(client, url):>7}")


if __name__ == "__main__":
    main()
