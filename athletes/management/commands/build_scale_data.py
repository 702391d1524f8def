"""Scale data for the benchmark: coaches, each with many athletes, each with a year of episodes.

Everything is written with bulk_create, so the default size (20 coaches × 50 athletes ×
120 episodes) takes seconds, not the minutes that one save per row would. Every account
gets the same password, hashed once. The library must be loaded first (load_library).
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from athletes.insights import local_midnight, zone_of
from athletes.models import (
    EPISODE_MUSCLES,
    AssignedItem,
    AthleteProfile,
    AthleteType,
    CoachLink,
    CrampEpisode,
    FlagAcknowledgement,
    PlanChange,
    RoutineAssignment,
    RoutineSession,
    User,
)
from library.models import Cause, RoutineTemplate

PREFIX = "scale"
ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Australia/Sydney"]
SETTINGS = [value for value, _ in CrampEpisode.Setting.choices]
MUSCLES = [value for value, _ in EPISODE_MUSCLES]


def coach_username(c):
    return f"{PREFIX}-coach-{c}"


def athlete_username(c, a):
    return f"{PREFIX}-athlete-{c}-{a}"


def _yes_no_or_unsaid(rng, yes):
    """True with chance `yes`, else "no" (False) or not said (None) alike, as athletes answer optional questions."""
    draw = rng.random()
    return True if draw < yes else (False if draw < (1 + yes) / 2 else None)


def _episode(athlete, rng, occurred_at):
    setting = rng.choice(SETTINGS + [""])
    training = setting in ("training", "competition", "after_training")
    return CrampEpisode(
        athlete=athlete,
        occurred_at=occurred_at,
        muscle=rng.choice(MUSCLES[:4]) if rng.random() < 0.8 else rng.choice(MUSCLES),
        side=rng.choice(["left", "right", "both", ""]),
        severity=rng.randint(2, 9) if rng.random() < 0.97 else 10,
        duration_minutes=round(rng.uniform(0.2, 6), 1) if rng.random() < 0.7 else None,
        setting=setting,
        minutes_into_session=rng.randint(10, 120) if training and rng.random() < 0.7 else None,
        session_rpe=rng.randint(4, 10) if training and rng.random() < 0.7 else None,
        hot_conditions=_yes_no_or_unsaid(rng, 0.2),
        fluid_intake=rng.choice(["", "none", "low", "moderate", "high"]),
        heavy_sweating=_yes_no_or_unsaid(rng, 0.25),
        electrolytes_taken=rng.random() < 0.3,
        sleep_hours=round(rng.uniform(4, 9), 1) if rng.random() < 0.5 else None,
        days_since_rest=rng.randint(0, 9) if rng.random() < 0.4 else None,
        new_or_harder_training=rng.random() < 0.15,
        numbness=rng.random() < 0.01,
        muscle_weakness=rng.random() < 0.005,
    )


class Command(BaseCommand):
    help = "Create scale data for the benchmark: coaches × athletes × episodes over a year, with plans and sessions."

    def add_arguments(self, parser):
        parser.add_argument("--coaches", type=int, default=20)
        parser.add_argument("--athletes", type=int, default=50, help="athletes per coach")
        parser.add_argument("--episodes", type=int, default=120, help="episodes per athlete")
        parser.add_argument("--days", type=int, default=365, help="the episodes spread over this many days")
        # No default: accounts with a known password must never appear in a real database by accident.
        parser.add_argument("--password", required=True, help="every account's password")
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, coaches, athletes, episodes, days, password, seed, **options):
        if User.objects.filter(username__startswith=f"{PREFIX}-").exists():
            raise CommandError("Scale data is already here; build it in an empty database.")
        templates = list(RoutineTemplate.objects.prefetch_related("items"))
        causes = list(Cause.objects.all())
        if not templates or not causes:
            raise CommandError("The library is empty: run load_library first.")
        rng = random.Random(seed)
        now = timezone.now()
        hashed = make_password(password)

        coach_rows = User.objects.bulk_create(
            User(username=coach_username(c), first_name=f"Coach {c}", role=User.Role.COACH, password=hashed)
            for c in range(coaches)
        )
        athlete_rows = User.objects.bulk_create(
            User(
                username=athlete_username(c, a),
                first_name=f"Athlete {c}.{a}",
                last_name=rng.choice(["Adams", "Baker", "Clark", "Diaz", "Evans"]),
                role=User.Role.ATHLETE,
                password=hashed,
                time_zone=ZONES[a % len(ZONES)],
                date_joined=now - timedelta(days=days + 30),
            )
            for c in range(coaches)
            for a in range(athletes)
        )
        AthleteProfile.objects.bulk_create(
            AthleteProfile(
                user=athlete,
                athlete_type=rng.choice(AthleteType.values),
                sweat_level=rng.choice(["", "light", "moderate", "heavy"]),
                takes_statins=rng.random() < 0.05,
                training_days_per_week=rng.randint(2, 7),
            )
            for athlete in athlete_rows
        )
        CoachLink.objects.bulk_create(
            CoachLink(coach=coach_rows[i // athletes], athlete=athlete) for i, athlete in enumerate(athlete_rows)
        )

        # Episodes over the year, spread evenly with some jitter; a third with suspected causes.
        episode_rows = CrampEpisode.objects.bulk_create(
            (
                _episode(athlete, rng, now - timedelta(days=days * (i + rng.random()) / episodes))
                for athlete in athlete_rows
                for i in range(episodes)
            ),
            batch_size=2000,
        )
        # Logged when they happened, as if the athletes had logged them at the time.
        CrampEpisode.objects.filter(athlete__in=athlete_rows).update(created_at=F("occurred_at"))
        Suspected = CrampEpisode.suspected_causes.through
        Suspected.objects.bulk_create(
            (
                Suspected(crampepisode_id=episode.pk, cause_id=cause.pk)
                for episode in episode_rows
                if rng.random() < 0.33
                for cause in rng.sample(causes, rng.randint(1, 2))
            ),
            batch_size=5000,
        )

        self._plans(rng, coach_rows, athlete_rows, athletes, templates, now)
        FlagAcknowledgement.objects.bulk_create(
            FlagAcknowledgement(athlete=athlete, slug="frequent-or-severe", acknowledged_at=now - timedelta(days=3))
            for athlete in athlete_rows[::10]
        )
        self.stdout.write(
            f"Built {coaches} coaches, {len(athlete_rows)} athletes, {len(episode_rows)} episodes, "
            f"{AssignedItem.objects.count()} plan items, {RoutineSession.objects.count()} sessions."
        )

    def _plans(self, rng, coach_rows, athlete_rows, per_coach, templates, now):
        """An ended plan for half the athletes; an active one (some changed since) for four in five."""
        plans = []
        for i, athlete in enumerate(athlete_rows):
            coach = coach_rows[i // per_coach]
            today = timezone.localdate(now, zone_of(athlete))
            if i % 2 == 0:
                start = today - timedelta(days=200 + i % 30)
                plans.append((athlete, coach, start, 6, False, today - timedelta(days=150)))
            if i % 5 != 4:
                plans.append((athlete, coach, today - timedelta(days=3 + i % 40), 8, True, None))
        rows = RoutineAssignment.objects.bulk_create(
            RoutineAssignment(
                athlete=athlete,
                coach=coach,
                template=(template := rng.choice(templates)),
                name=template.name,
                start_date=start,
                sessions_per_week=3,
                weeks=weeks,
                is_active=active,
                ended_on=ended_on,
                ended_by=None if active else coach,
                end_reason="" if active else "Block finished.",
            )
            for athlete, coach, start, weeks, active, ended_on in plans
        )
        items = AssignedItem.objects.bulk_create(
            AssignedItem(
                assignment=plan,
                position=position,
                exercise_id=item.exercise_id,
                strategy_id=item.strategy_id,
                sets=item.sets,
                reps=item.reps,
                hold_seconds=item.hold_seconds,
                dose=item.dose,
                added_at=local_midnight(plan.start_date, zone_of(plan.athlete)),
            )
            for plan in rows
            for position, item in enumerate(plan.template.items.all(), start=1)
        )
        items_of = {}
        for item in items:
            items_of.setdefault(item.assignment_id, []).append(item)
        sessions = []
        for plan in rows:
            last = min(plan.end_date, timezone.localdate(now, zone_of(plan.athlete)) - timedelta(days=1))
            day = plan.start_date
            while day <= last:
                if rng.random() < 0.5:
                    sessions.append(
                        RoutineSession(
                            assignment=plan,
                            performed_on=day,
                            helped=rng.choice(["yes", "a_little", "no", "not_sure", ""]),
                            discomfort=rng.random() < 0.05,
                        )
                    )
                day += timedelta(days=1)
        sessions = RoutineSession.objects.bulk_create(sessions, batch_size=2000)
        Ticked = RoutineSession.completed_items.through
        Ticked.objects.bulk_create(
            (
                Ticked(routinesession_id=session.pk, assigneditem_id=item.pk)
                for session in sessions
                for item in items_of.get(session.assignment_id, [])
                if rng.random() < 0.8
            ),
            batch_size=5000,
        )
        changed = [plan for plan in rows[::7] if plan.is_active]
        RoutineAssignment.objects.filter(pk__in=[plan.pk for plan in changed]).update(sessions_per_week=4)
        PlanChange.objects.bulk_create(
            PlanChange(
                assignment=plan,
                changed_by=plan.coach,
                changed_at=now - timedelta(days=1),
                summary="sessions a week 3 → 4",
                sessions_per_week_before=3,
                sessions_per_week_after=4,
            )
            for plan in changed
        )
