"""Every page's query count, pinned. A change here should be a decision, not an accident.

The list and dashboard pages also have growth tests beside their other tests
(same count for 10 and 200 episodes, 5 and 50 athletes, 2 and 20 library rows).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.insights import local_today
from athletes.models import AthleteProfile, CoachInvite, Comment, DailyCheckIn, ReportShare
from athletes.reminder_email import unsubscribe_token
from athletes.tests.coaching import assign, do_sessions, link
from athletes.tests.factories import make_episodes
from conftest import count_queries
from library.models import Exercise, RedFlag, Strategy
from library.tests.factories import make_cause, make_exercise, make_reference, make_strategy, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(athlete, coach):
    cause = make_cause("dehydration", name="Dehydration")
    cause.references.add(make_reference())
    exercise = make_exercise("calf-raises", causes=[cause])
    exercise.references.add(make_reference())
    habit = make_strategy(causes=[cause])
    make_template("calf-routine", causes=[cause], exercises=[exercise], habits=[habit])
    RedFlag.objects.create(slug="numbness", title="Numbness", guidance="See a GP.", urgency="soon")
    link(coach, athlete)
    make_episodes(athlete, 8, fluid_intake="low", numbness=True, suspected=[cause])
    do_sessions(assign(coach, athlete, [exercise], habits=[habit], start_days_ago=10), 3)
    CoachInvite.objects.create(coach=coach)
    # Check-ins on two days apart: the day analysis reads their episodes, whatever their number of runs.
    for days_ago in (1, 3):
        DailyCheckIn.objects.create(athlete=athlete, day=local_today(athlete) - timedelta(days=days_ago), cramped=False)
    return {"episode": athlete.episodes.first()}


ATHLETE_PAGES = {
    "profile": (lambda w: reverse("profile"), 4),  # + two-factor sign-in: on or off, recovery codes left
    # + the flags' acknowledgements (the window's episodes, read once, also give the count without context);
    # + the coach's comments the athlete has not read; + whether today has a check-in (the prompt)
    "episode-list": (lambda w: reverse("athletes:episode-list"), 11),
    "episode-create": (lambda w: reverse("athletes:episode-create"), 3),
    "quick-log": (lambda w: reverse("athletes:quick-log"), 2),  # the session and user: the form alone, kept offline
    # + acknowledgements; + the episode's comments
    "episode-edit": (lambda w: reverse("athletes:episode-edit", args=[w["episode"].pk]), 10),
    "episode-delete": (lambda w: reverse("athletes:episode-delete", args=[w["episode"].pk]), 3),
    # + the flags' acknowledgements; the body map counts the window's episodes the page has already read;
    # + the day analysis: the check-ins and the episodes of its 90 days, needed columns only
    "insights": (lambda w: reverse("athletes:insights"), 14),
    # + claims of exercises, of habits; + the plan before it (did the coach's plan end one the athlete started?);
    # + the plan history: plans, items, sessions, ticked items, changes, episodes (whose figures the page reuses);
    # + the comments on every plan and session
    "routine": (lambda w: reverse("athletes:routine"), 15),
    # the episode with its athlete, its comments
    "episode-comments": (lambda w: reverse("athletes:episode-comments", args=[w["episode"].pk]), 4),
    "join": (lambda w: reverse("athletes:join"), 3),  # + the wrong-code counter, in the shared throttle table
    "coaches": (lambda w: reverse("athletes:coaches"), 3),
    "account-export": (lambda w: reverse("account-export"), 2),
    # + what goes: the counts of episodes, plans and coaches
    "account-delete": (lambda w: reverse("account-delete"), 5),
    # profile; the 90 days' episodes and their suspicions; causes; red flags (three, as the flag is raised);
    # the plan history (six); the PDF reads the same
    "report": (lambda w: reverse("athletes:report"), 15),
    "report-pdf": (lambda w: reverse("athletes:report-pdf"), 15),
    "report-shares": (lambda w: reverse("athletes:report-shares"), 3),  # the links that still work
    "plan-calendar": (lambda w: reverse("athletes:plan-calendar"), 3),  # the profile
    # the check-ins of the last week; never the day's episodes (the form is not filled in from them)
    "checkin": (lambda w: reverse("athletes:checkin"), 3),
}

# Library pages are built once and kept until staff change the library (library.revision):
# (url, queries when built, queries when kept). Both read the library's revision; a kept page
# runs only that and the session's two.
LIBRARY_PAGES = {
    "library": (lambda w: reverse("library:index"), 8, 3),
    "cause": (lambda w: reverse("library:cause-detail", args=["dehydration"]), 8, 3),
    "exercises": (lambda w: reverse("library:exercise-list"), 7, 3),
    "exercise": (lambda w: reverse("library:exercise-detail", args=["calf-raises"]), 7, 3),
    "strategies": (lambda w: reverse("library:strategy-list"), 5, 3),
    "routines": (lambda w: reverse("library:routine-list"), 6, 3),
    # + the claims of the plan's exercises and of its habits, for the grade beside each item;
    # + whether the athlete has a coach (without one they may start the plan), kept or not
    "routine-template": (lambda w: reverse("library:routine-detail", args=["calf-routine"]), 9, 4),
}

COACH_PAGES = {
    # Every one also reads the device the session gave its sign-in code with (django-otp's OTPMiddleware):
    # coaches must sign in with a code after the password (twofactor).
    # + the flags' acknowledgements, all athletes at once; + the active plans' recent sessions;
    # + the active plans' changes of sessions a week (earlier days keep their rate);
    # on a first visit, the athletes' summaries are worked out and saved (see the test below)
    # + the athletes' comments no coach has read yet, counted per athlete in one query
    "dashboard": (lambda a: reverse("athletes:dashboard"), 16),
    "invites": (lambda a: reverse("athletes:invites"), 4),
    # + two: the suggestions read the plans' causes, and the claims of their exercises and habits apart;
    # + the flags' acknowledgements; + three: the plans' items, the items each session ticked, the coach's changes;
    # + the comments on the plans, their sessions and the page's episodes;
    # + the day analysis (check-ins, the 90 days' episodes), which the suggestions also use
    "coach-athlete": (lambda a: reverse("athletes:coach-athlete", args=[a.pk]), 30),
    # the episode with its athlete, if the coach coaches them; its comments
    "episode-comments": (lambda a: reverse("athletes:episode-comments", args=[a.episodes.first().pk]), 5),
    "edit-routine": (lambda a: reverse("athletes:edit-routine", args=[a.pk]), 10),  # the assign editor, less a template
    "end-routine": (lambda a: reverse("athletes:end-routine", args=[a.pk]), 5),
    "assign": (
        lambda a: reverse("athletes:assign", args=[a.pk]) + "?template=calf-routine",
        11,
    ),  # + habit choices, + claims of both kinds, - a count
    "remove-athlete": (lambda a: reverse("athletes:remove-athlete", args=[a.pk]), 4),
    "account-delete": (lambda a: reverse("account-delete"), 4),  # + the count of athletes whose links end
    # the athlete's report: the athlete with their profile in place of the profile
    "coach-report": (lambda a: reverse("athletes:coach-report", args=[a.pk]), 16),
    "coach-report-pdf": (lambda a: reverse("athletes:coach-report-pdf", args=[a.pk]), 16),
}


@pytest.mark.parametrize("page", ATHLETE_PAGES)
def test_athlete_page_query_count(athlete_client, world, page):
    url, expected = ATHLETE_PAGES[page]
    assert count_queries(athlete_client, url(world)) == expected


@pytest.mark.parametrize("page", LIBRARY_PAGES)
def test_library_page_query_count_built_then_kept(athlete_client, world, page):
    url, built, kept = LIBRARY_PAGES[page]
    assert count_queries(athlete_client, url(world)) == built
    assert count_queries(athlete_client, url(world)) == kept


def test_the_dashboard_reads_one_summary_row_per_athlete_once_worked_out(coach_client, world):
    """Its episodes' figures worked out and saved on the first visit (three queries to read, one to save)."""
    assert count_queries(coach_client, reverse("athletes:dashboard")) == 16  # + the two-factor device
    assert count_queries(coach_client, reverse("athletes:dashboard")) == 12


# An athlete without a coach and without an active plan: the routine page suggests plans.
SELF_COACHED_PAGES = {
    # coach links, profile, episodes and their suspicions, causes, five for the plans and their claims,
    # red flags (two, + one when raised, + their acknowledgements), past plans (one; six when there are some),
    # the check-ins (+ their days' episodes when there are some)
    "routine-no-plan": (lambda: reverse("athletes:routine"), 19),
    # coach links, the plan and its items with their claims (as on the assign page), the active plan
    "start-plan": (lambda: reverse("athletes:start-plan") + "?template=calf-routine", 10),
}


@pytest.mark.parametrize("page", SELF_COACHED_PAGES)
def test_self_coached_athlete_page_query_count(client, world, other_athlete, page):
    make_episodes(other_athlete, 8, fluid_intake="low", numbness=True, setting="training")
    DailyCheckIn.objects.create(athlete=other_athlete, day=local_today(other_athlete), cramped=True)
    client.force_login(other_athlete)
    url, expected = SELF_COACHED_PAGES[page]
    assert count_queries(client, url()) == expected


# An athlete without a coach following a plan they started: they may change it.
OWN_PLAN_PAGES = {
    # as the coached athlete's routine page, but whether the athlete has a coach (may they change the plan?)
    # in place of the plan before it (no coach's plan replaced one they started)
    "routine-own-plan": (lambda: reverse("athletes:routine"), 15),
    # as the coach's editor: the plan and whether the athlete has a coach in place of the coached athlete
    "change-own-plan": (lambda: reverse("athletes:change-own-plan"), 9),
}


@pytest.mark.parametrize("page", OWN_PLAN_PAGES)
def test_own_plan_page_query_count(client, world, other_athlete, page):
    exercise = Exercise.objects.get(slug="calf-raises")
    plan = services.assign_routine(
        coach=None,
        athlete=other_athlete,
        template=None,
        start_date=timezone.localdate() - timedelta(days=10),
        sessions_per_week=3,
        weeks=4,
        note="",
        items=[{"exercise": exercise, "reps": 10}, {"strategy": Strategy.objects.first(), "dose": "Daily"}],
        notify=False,
    )
    do_sessions(plan, 3)
    client.force_login(other_athlete)
    url, expected = OWN_PLAN_PAGES[page]
    assert count_queries(client, url()) == expected


@pytest.mark.parametrize("page", COACH_PAGES)
def test_coach_page_query_count(coach_client, world, athlete, page):
    url, expected = COACH_PAGES[page]
    assert count_queries(coach_client, url(athlete)) == expected


def test_a_shared_report_query_count(client, world, athlete):
    """The link with its athlete and profile, counting the opening, then the report less the profile."""
    _, token = ReportShare.create_for(athlete, days=3)
    assert count_queries(client, reverse("athletes:shared-report", args=[token])) == 14
    assert count_queries(client, reverse("athletes:shared-report-pdf", args=[token])) == 14


def test_the_calendar_feed_query_count(client, world, athlete):
    """The profile with its athlete, the active plan, its changes of sessions a week, its items."""
    token = AthleteProfile.objects.get(user=athlete).reset_calendar_token()
    assert count_queries(client, reverse("athletes:calendar-feed", args=[token])) == 4


def test_the_reminder_unsubscribe_pages_query_count(client, world, athlete):
    """One update of the athlete's profile, whoever opens the link."""
    token = unsubscribe_token(athlete, "checkin")
    assert count_queries(client, reverse("athletes:reminder-unsubscribe", args=[token])) == 1
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("athletes:reminder-unsubscribe-one-click", args=[token]))
    assert response.status_code == 200
    assert len(captured) == 1


def test_the_home_page_for_visitors_query_count(client):
    assert count_queries(client, reverse("home")) == 0


def test_the_service_worker_and_the_manifest_read_nothing(client):
    assert count_queries(client, reverse("service-worker")) == 0
    assert count_queries(client, reverse("manifest")) == 0


def test_the_health_check_runs_one_plain_query(client):
    assert count_queries(client, reverse("healthz")) == 1


def test_the_assign_page_does_not_grow_with_the_templates_items(coach_client, world, athlete):
    exercises = [make_exercise() for _ in range(8)]
    make_template("long-routine", exercises=exercises, habits=[make_strategy() for _ in range(4)])
    url = reverse("athletes:assign", args=[athlete.pk])
    assert count_queries(coach_client, url + "?template=long-routine") == count_queries(
        coach_client, url + "?template=calf-routine"
    )


def test_the_body_map_reads_nothing_more_for_episodes_in_every_region(athlete_client, coach, world, athlete):
    """Insights and the coach's page shade the map from the episodes they have read: no query per region."""
    for muscle in ("calves", "shins", "hamstrings", "quadriceps", "adductors", "glutes", "feet", "ankles"):
        for side in ("left", "right", "both", ""):
            make_episodes(athlete, 2, muscle=muscle, side=side, setting="training")
    assert count_queries(athlete_client, reverse("athletes:insights")) == ATHLETE_PAGES["insights"][1]
    athlete_client.force_login(coach)
    coach_page = reverse("athletes:coach-athlete", args=[athlete.pk])
    assert count_queries(athlete_client, coach_page) == COACH_PAGES["coach-athlete"][1]


def test_a_page_with_new_comments_runs_one_more_query_to_mark_them_read(client, world, athlete, coach):
    """Reading comments is one query, whatever they hold; marking the new ones read is one more, when any are new."""
    plan = athlete.assignments.get()
    for n in range(3):
        Comment.objects.create(athlete=athlete, author=coach, text=f"Comment {n}", assignment=plan)
        Comment.objects.create(athlete=athlete, author=coach, text=f"On a session {n}", session=plan.sessions.first())
    client.force_login(athlete)
    url, expected = ATHLETE_PAGES["routine"]
    assert count_queries(client, url(world)) == expected + 1
    assert count_queries(client, url(world)) == expected
