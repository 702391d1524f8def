"""Demo data for local development: a coach with athletes whose cramps follow different patterns.

Only `manage.py seed_demo` calls this, and only with DEBUG on.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from library.editors import add_library_editor
from library.models import Cause, RoutineTemplate
from twofactor.demo import give_demo_authenticator

from . import services
from .insights import in_zone_of, local_today
from .models import AthleteProfile, CoachLink, CrampEpisode, DailyCheckIn, RoutineSession, User

DEMO_PASSWORD = "cramps-demo"

# Each demo account is called by its login, so the name a page shows is the one to log in with.
# username, first name, athlete type, sport, profile extras
ATHLETES = [
    ("athlete", "Athlete", "gym", "Powerlifting", {"sweat_level": "heavy", "takes_electrolytes": "rarely"}),
    ("jordan", "Jordan", "football", "Football (midfield)", {"training_days_per_week": 5}),
    ("morgan", "Morgan", "endurance", "Marathon", {"training_days_per_week": 6}),
    ("riley", "Riley", "crossfit", "CrossFit", {"training_days_per_week": 6}),
    ("taylor", "Taylor", "hiit", "HIIT classes", {"training_days_per_week": 4}),
]

# What each athlete's episodes look like: (muscle, setting, context) and how many in each period.
PATTERNS = {
    "athlete": {
        "muscle": "calves",
        "setting": "training",
        "context": {"fluid_intake": "low", "heavy_sweating": True, "hot_conditions": True},
    },
    "jordan": {
        "muscle": "hamstrings",
        "setting": "competition",
        "context": {"minutes_into_session": 75, "session_rpe": 9},
    },
    "morgan": {"muscle": "calves", "setting": "night", "context": {"sleep_hours": 6.5}},
    "riley": {"muscle": "quadriceps", "setting": "training", "context": {"days_since_rest": 8, "sleep_hours": 5.5}},
    "taylor": {"muscle": "calves", "setting": "after_training", "context": {"new_or_harder_training": True}},
}


def _episodes(athlete, rng, *, days, count, pattern, start=0, **extra):
    """`count` episodes spread evenly over the days from `start` to `start + days` ago."""
    for i in range(count):
        when = timezone.now() - timedelta(days=start + days * (i + 0.5) / count, hours=rng.uniform(-6, 6))
        CrampEpisode.objects.create(
            athlete=athlete,
            occurred_at=when,
            muscle=pattern["muscle"],
            setting=pattern["setting"],
            severity=rng.randint(3, 7),
            duration_minutes=round(rng.uniform(0.5, 4), 1),
            side=rng.choice(["left", "right"]),
            **pattern["context"],
            **extra,
        )


CHECKIN_WEEKS = 8


def _checkins(athlete, rng, *, weeks=CHECKIN_WEEKS):
    """A check-in most days of the last `weeks` weeks (not today, so the log still asks for it).

    Cramp days are the days with an episode; they were hot, sweaty and short of fluids, as the
    episodes say, while the other days are hot now and then: the day analysis has a story to find.
    """
    with in_zone_of(athlete):
        today = local_today(athlete)
        cramp_days = {timezone.localdate(when) for when in athlete.episodes.values_list("occurred_at", flat=True)}
    checkins = []
    for back in range(1, weeks * 7 + 1):
        day = today - timedelta(days=back)
        cramped = day in cramp_days
        if not cramped and rng.random() < 0.15:
            continue  # a day the athlete forgot
        hot = cramped or rng.random() < 0.25
        checkins.append(
            DailyCheckIn(
                athlete=athlete,
                day=day,
                cramped=cramped,
                training_load=rng.choice(["none", "easy", "easy", "hard", "long", ""]),
                sleep_hours=rng.choice([6, 6.5, 7, 7.5, 8, 8.5, None]),
                fluids="low" if cramped and rng.random() < 0.8 else rng.choice(["normal", "normal", "high", "low", ""]),
                hot_conditions=hot,
                heavy_sweating=hot and (cramped or rng.random() < 0.5),
            )
        )
    DailyCheckIn.objects.bulk_create(checkins)


def _sessions(assignment, days):
    """Sessions on these days of the plan, each with every item ticked, as a finished session has."""
    items = list(assignment.items.all())
    for day in days:
        session, created = RoutineSession.objects.get_or_create(
            assignment=assignment,
            performed_on=assignment.start_date + timedelta(days=day),
            defaults={"helped": "yes"},
        )
        if created:
            session.completed_items.set(items)


def _assign(coach, athlete, slug, *, start_days_ago):
    template = RoutineTemplate.objects.prefetch_related("items__exercise", "items__strategy").filter(slug=slug).first()
    if template is None:
        return None
    return services.assign_routine(
        coach=coach,
        athlete=athlete,
        template=template,
        start_date=timezone.localdate() - timedelta(days=start_days_ago),
        sessions_per_week=template.sessions_per_week,
        weeks=template.weeks,
        note="Keep the tempo slow and log every cramp, even small ones.",
        notify=False,
        items=services.items_from_template(template),
    )


# The names these accounts had before they were called by their logins: a database seeded then gets the new ones.
EARLIER_NAMES = {"athlete": "Alex", "coach": "Casey", "staff": "Sam"}


def make_account(username, *, role, first_name):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "first_name": first_name, "email": f"{username}@cramps.local"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif user.first_name == EARLIER_NAMES.get(username):
        user.first_name = first_name
        user.save(update_fields=["first_name"])
    return user, created


@transaction.atomic
def seed():
    """Create the demo accounts and, the first time, their data. Running it again changes nothing, but for the
    names of accounts seeded before they were called by their logins (EARLIER_NAMES)."""
    # A library editor: staff who edit the library in the admin, an account of its own that coaches no one
    # and opens no athlete's or coach's page.
    staff, _ = make_account("staff", role=User.Role.EDITOR, first_name="Staff")
    add_library_editor(staff)
    coach, _ = make_account("coach", role=User.Role.COACH, first_name="Coach")
    # Both must sign in with a code too: an authenticator app with the README's secret (manage.py demo_code).
    for account in (staff, coach):
        give_demo_authenticator(account)
    rng = random.Random(2026)
    for username, first_name, athlete_type, sport, extras in ATHLETES:
        athlete, _ = make_account(username, role=User.Role.ATHLETE, first_name=first_name)
        AthleteProfile.objects.get_or_create(
            user=athlete, defaults={"athlete_type": athlete_type, "sport": sport, "session_minutes": 75, **extras}
        )
        if athlete.episodes.exists():
            continue  # data made on an earlier run
        CoachLink.objects.get_or_create(coach=coach, athlete=athlete, ended_at=None)
        _seed_story(coach, athlete, rng)


def _seed_story(coach, athlete, rng):
    pattern = PATTERNS[athlete.username]
    name = athlete.username
    if name == "athlete":
        # Fluids and sodium; a calf routine for 3 weeks, done well, with fewer cramps since.
        _episodes(athlete, rng, days=24, count=9, start=25, pattern=pattern)
        _episodes(athlete, rng, days=21, count=3, pattern=pattern)
        assignment = _assign(coach, athlete, "calf-endurance-and-control", start_days_ago=21)
        if assignment:
            _sessions(assignment, [0, 2, 4, 7, 9, 11, 14, 16, 18])
        _checkins(athlete, rng)
    elif name == "jordan":
        # Fatigue late in matches; a hamstring routine followed only now and then.
        _episodes(athlete, rng, days=28, count=6, start=14, pattern=pattern)
        _episodes(athlete, rng, days=14, count=5, pattern=pattern)
        assignment = _assign(coach, athlete, "hamstring-fatigue-resistance", start_days_ago=14)
        if assignment:
            _sessions(assignment, [1, 8])
    elif name == "morgan":
        # Night cramps; the night-cramp plan worked and has ended.
        _episodes(athlete, rng, days=28, count=10, start=42, pattern=pattern)
        _episodes(athlete, rng, days=42, count=3, pattern=pattern)
        assignment = _assign(coach, athlete, "night-cramp-plan", start_days_ago=42)
        if assignment:
            _sessions(assignment, range(0, 28, 2))
            services.end_assignment(assignment)
    elif name == "riley":
        # No rest days, short sleep; numbness two days ago: a red flag.
        _episodes(athlete, rng, days=28, count=5, pattern=pattern)
        _episodes(athlete, rng, days=1, count=1, start=1, pattern=pattern, numbness=True)
    elif name == "taylor":
        # Harder training lately; episodes rising, no routine yet.
        _episodes(athlete, rng, days=28, count=2, start=28, pattern=pattern)
        _episodes(athlete, rng, days=28, count=7, pattern=pattern)
    fatigue = Cause.objects.filter(slug="neuromuscular-fatigue").first()
    if fatigue and name == "jordan":
        for episode in athlete.episodes.all()[:3]:
            episode.suspected_causes.add(fatigue)
