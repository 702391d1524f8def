"""One small world with a row in every table, for the tests that prove who may see and change what.

Athlete `quillon` (the owner) is coached by `casey`; `blair` is another athlete, coached by
`drew`; `sam` edits the library; `root` is a superuser. Quillon's episode holds NOTE, words
that must never show to anyone but Quillon and Casey, and so do the comments on Quillon's plan,
session and episode (all read already, so a rightful visit changes nothing); the athlete's
names are as easy to find.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from athletes import services
from athletes.models import (
    CoachInvite,
    CoachLink,
    Comment,
    CrampEpisode,
    ReportShare,
    RoutineAssignment,
    RoutineSession,
    User,
)
from athletes.tests.coaching import assign
from athletes.tests.factories import make_episode
from conftest import make_user
from library.editors import add_library_editor
from library.tests.factories import make_cause, make_exercise, make_reference, make_strategy, make_template

NOTE = "note-marker-kestrel-4417"
# Words that name Quillon or hold what Quillon wrote (searched case-insensitively).
PRIVATE = [NOTE, "quillon", "marvelwood"]
# A red flag Quillon's episodes raise that a coach may acknowledge (it needs no care today).
FLAG = "muscle-weakness"


@dataclass
class World:
    athlete: User
    other_athlete: User
    coach: User
    other_coach: User
    editor: User
    superuser: User
    episode: CrampEpisode
    plan: RoutineAssignment
    session: RoutineSession
    link: CoachLink
    invite: CoachInvite
    share: ReportShare
    exercise: object
    cause: object
    template: object

    def user(self, name):
        """The actor called `name` (a field of this world), or None for "anonymous"."""
        return None if name == "anonymous" else getattr(self, name)


def build_world():
    athlete = make_user("quillon", first_name="Quillon", last_name="Marvelwood")
    other_athlete = make_user("blair", first_name="Blair")
    coach = make_user("casey", role=User.Role.COACH, first_name="Casey")
    other_coach = make_user("drew", role=User.Role.COACH, first_name="Drew")
    editor = make_user("sam", role=User.Role.EDITOR, first_name="Sam")
    add_library_editor(editor)
    superuser = make_user("root", role=User.Role.COACH, is_staff=True, is_superuser=True)

    reference = make_reference(citation="Schwellnus 2011")
    cause = make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue")
    cause.references.add(reference)
    exercise = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[cause])
    strategy = make_strategy("sodium-plan", name="Sodium plan", causes=[cause])
    template = make_template("calf-endurance", name="Calf endurance", causes=[cause], exercises=[exercise])

    link = CoachLink.objects.create(coach=coach, athlete=athlete)
    CoachLink.objects.create(coach=other_coach, athlete=other_athlete)
    invite = CoachInvite.objects.create(coach=coach)
    CoachInvite.objects.create(coach=other_coach)

    episode = make_episode(athlete, days_ago=1, setting="training", notes=NOTE, suspected=[cause])
    make_episode(athlete, days_ago=5, setting="night", muscle_weakness=True, notes=NOTE)
    make_episode(other_athlete, days_ago=2, setting="rest")

    plan = assign(coach, athlete, [exercise], template=template, start_days_ago=3, habits=[strategy])
    session = RoutineSession.objects.create(assignment=plan, performed_on=plan.start_date, helped="yes")
    session.completed_items.set(plan.items.all())
    services.change_plan(
        plan,
        coach=coach,
        items=[
            {
                "exercise": exercise,
                "strategy": None,
                "sets": 4,
                "reps": 12,
                "hold_seconds": None,
                "dose": "",
                "notes": NOTE,
            }
        ],
        message=NOTE,
        name=plan.name,
        sessions_per_week=plan.sessions_per_week,
        weeks=plan.weeks,
        note=NOTE,
    )
    own = assign(None, other_athlete, [exercise], start_days_ago=10)
    services.end_assignment(own, by=other_athlete, reason="Moved on.")
    services.acknowledge_flag(athlete, FLAG, by=athlete)
    share, _ = ReportShare.create_for(athlete, days=7, label="Physio")
    ReportShare.create_for(other_athlete, days=7)
    for target in ({"assignment": plan}, {"session": session}, {"episode": episode}):
        for author in (athlete, coach):
            Comment.objects.create(athlete=athlete, author=author, text=NOTE, read_at=timezone.now(), **target)

    # What a superuser's work leaves behind: a lock-out to clear and a history entry naming Quillon.
    AccessAttempt.objects.create(
        username="quillon",
        ip_address="203.0.113.9",
        user_agent="test",
        failures_since_start=5,
    )
    LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(CrampEpisode),
        object_id=str(episode.pk),
        object_repr=f"{episode} of {athlete.get_full_name()}",
        action_flag=CHANGE,
        change_message=NOTE,
    )
    return World(
        athlete=athlete,
        other_athlete=other_athlete,
        coach=coach,
        other_coach=other_coach,
        editor=editor,
        superuser=superuser,
        episode=episode,
        plan=plan,
        session=session,
        link=link,
        invite=invite,
        share=share,
        exercise=exercise,
        cause=cause,
        template=template,
    )
