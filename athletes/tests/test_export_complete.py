"""The data export holds every row the person has, table by table, or says why a table is left out.

The tables are found, not listed: every foreign key to User in every installed app. A new model that
points at a member fails the test until the export has a section for it, or LEFT_OUT a reason.
"""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import CoachInvite, Comment, DailyCheckIn, Reminder, ReportShare, User
from conftest import PASSWORD
from library.tests.factories import make_exercise

from .coaching import assign, do_sessions
from .factories import make_episode

pytestmark = pytest.mark.django_db


def plans(data):
    return data["plans"]


def changes(data):
    return [change for plan in plans(data) for change in plan["changes"]]


# Each foreign key to User whose rows the export holds: how many of the person's it holds.
IN_EXPORT = {
    ("athletes.AthleteProfile", "user"): lambda data: 1 if data["profile"] else 0,
    ("athletes.CrampEpisode", "athlete"): lambda data: len(data["episodes"]),
    ("athletes.DailyCheckIn", "athlete"): lambda data: len(data["checkins"]),
    ("athletes.Reminder", "athlete"): lambda data: len(data["reminders_sent"]),
    ("athletes.CoachInvite", "used_by"): lambda data: len(data["invite_codes_used"]),
    ("athletes.CoachLink", "athlete"): lambda data: len(data["coach_links"]),
    ("athletes.RoutineAssignment", "athlete"): lambda data: len(plans(data)),
    ("athletes.RoutineAssignment", "ended_by"): lambda data: sum(plan["ended_by"] == "you" for plan in plans(data)),
    ("athletes.PlanChange", "changed_by"): lambda data: sum(change["changed_by"] == "you" for change in changes(data)),
    ("athletes.FlagAcknowledgement", "athlete"): lambda data: len(data["flag_acknowledgements"]),
    ("athletes.FlagAcknowledgement", "acknowledged_by"): lambda data: sum(
        ack["acknowledged_by"] == "you" for ack in data["flag_acknowledgements"]
    ),
    ("athletes.ReportShare", "athlete"): lambda data: len(data["report_links"]),
    ("athletes.Comment", "athlete"): lambda data: len(data["comments"]),
    ("athletes.Comment", "author"): lambda data: sum(comment["by"] == "you" for comment in data["comments"]),
}

# Left out on purpose, each with why.
LEFT_OUT = {
    # Figures worked out from the episodes, which are in the export; rebuilt whenever they are read.
    ("athletes.AthleteSummary", "athlete"): "derived",
    # A coach's side of coaching. The export is for athletes (a coach gets 404), and an athlete is never
    # the coach of a code, a link or a plan; the athlete's side of each is in the export.
    ("athletes.CoachInvite", "coach"): "a coach's",
    ("athletes.CoachLink", "coach"): "a coach's",
    ("athletes.RoutineAssignment", "coach"): "a coach's",
    # Staff's edits in the admin and the groups and permissions staff are given: an athlete has none.
    ("admin.LogEntry", "user"): "staff's",
    ("athletes.User_groups", "user"): "staff's",
    ("athletes.User_user_permissions", "user"): "staff's",
    # Two-factor sign-in (twofactor): the authenticator app's secret and the hashed recovery codes sign in,
    # and a download never holds what signs in; the profile says whether it is on and how many codes are left.
    ("otp_totp.TOTPDevice", "user"): "sign-in secrets",
    ("twofactor.RecoveryCodeDevice", "user"): "sign-in secrets",
}

# Rows that are the person's through a plan rather than by a key of their own: counted too.
THROUGH_PLANS = {
    "athletes.RoutineSession": lambda data: sum(len(plan["sessions"]) for plan in plans(data)),
    "athletes.AssignedItem": lambda data: sum(len(plan["items"]) for plan in plans(data)),
    "athletes.PlanChange": lambda data: len(changes(data)),
}


def keys_to_user():
    """(model, field) for every foreign key (and one-to-one) to User in every installed app."""
    return [
        (model, field)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]


def give_everything(athlete, coach, calf):
    """A row of every kind the athlete can have, and of every kind they can make."""
    invite = CoachInvite.objects.create(coach=coach)
    services.accept_invite(athlete, invite)
    make_episode(athlete, days_ago=2, numbness=True, notes="After the long run")
    make_episode(athlete, days_ago=1, setting="night")
    DailyCheckIn.objects.create(athlete=athlete, day=timezone.localdate(), cramped=True)
    Reminder.objects.create(athlete=athlete, kind="checkin", day=timezone.localdate())
    # A plan they started, changed and ended themselves; then their coach's plan, changed by the coach.
    own = services.assign_routine(
        coach=None, athlete=athlete, template=None, start_date=timezone.localdate() - timedelta(days=9),
        sessions_per_week=3, weeks=4, note="", items=[{"exercise": calf, "sets": 2, "reps": 10}], name="Mine",
    )  # fmt: skip
    services.change_plan(
        own, coach=None, items=[{"exercise": calf, "sets": 3, "reps": 10}], message="",
        name="Mine", sessions_per_week=3, weeks=4, note="",
    )  # fmt: skip
    services.end_assignment(own, by=athlete, reason="Trying my coach's")
    plan = assign(coach, athlete, [calf], start_days_ago=3)
    do_sessions(plan, 2)
    services.change_plan(
        plan, coach=coach, items=[{"exercise": calf, "sets": 3, "reps": 20}], message="More reps",
        name=plan.name, sessions_per_week=4, weeks=plan.weeks, note="",
    )  # fmt: skip
    services.acknowledge_flag(athlete, "numbness", by=athlete)
    services.acknowledge_flag(athlete, "numbness", by=coach)
    Comment.objects.create(athlete=athlete, author=athlete, assignment=plan, text="Too many?")
    Comment.objects.create(athlete=athlete, author=coach, assignment=plan, text="Try a week.")
    ReportShare.create_for(athlete, days=7, label="Physio")
    revoked, _token = ReportShare.create_for(athlete, days=3, label="GP")
    revoked.record_opening()
    revoked.revoke()


def test_the_export_holds_every_row_of_the_person_table_by_table(athlete_client, athlete, other_athlete, coach):
    calf = make_exercise("calf-raises")
    give_everything(athlete, coach, calf)
    give_everything(other_athlete, coach, calf)  # someone else's rows, which must not be counted as theirs

    response = athlete_client.post(reverse("account-export"), {"format": "json", "password": PASSWORD})
    data = json.loads(response.content)

    for model, field in keys_to_user():
        key = (model._meta.label, field.name)
        if key in LEFT_OUT:
            continue
        assert key in IN_EXPORT, f"{key} points at a member: give it a section in the export, or a reason in LEFT_OUT"
        in_database = model._default_manager.filter(**{field.name: athlete}).count()
        assert in_database > 0, f"{key}: the test gives the athlete no such row"
        assert IN_EXPORT[key](data) == in_database, key
    for label, count in THROUGH_PLANS.items():
        in_database = apps.get_model(label)._default_manager.filter(assignment__athlete=athlete).count()
        assert count(data) == in_database > 0, label


def test_every_table_left_out_still_points_at_a_member():
    """So that a renamed or removed key does not leave a stale reason behind."""
    found = {(model._meta.label, field.name) for model, field in keys_to_user()}
    assert set(LEFT_OUT) <= found
    assert set(IN_EXPORT) <= found


def test_report_links_are_exported_without_their_tokens(athlete_client, athlete):
    share, token = ReportShare.create_for(athlete, days=7, label="Physio Jo")
    share.record_opening()
    share.record_opening()
    response = athlete_client.post(reverse("account-export"), {"format": "json", "password": PASSWORD})
    (link_data,) = json.loads(response.content)["report_links"]
    assert link_data["label"] == "Physio Jo"
    assert (link_data["open_count"], link_data["revoked_at"]) == (2, None)
    assert None not in (link_data["created_at"], link_data["expires_at"], link_data["last_opened_at"])
    raw = response.content.decode()
    assert token not in raw
    assert share.token_hash not in raw


def test_the_export_holds_the_reminder_settings_the_language_and_the_codes_used(athlete_client, athlete, coach):
    services.accept_invite(athlete, CoachInvite.objects.create(coach=coach, code="ABCD2345"))
    athlete.language = "es"
    athlete.save()
    athlete.athlete_profile.checkin_reminder = True
    athlete.athlete_profile.save()
    response = athlete_client.post(reverse("account-export"), {"format": "json", "password": PASSWORD})
    data = json.loads(response.content)
    assert data["account"]["language"] == "es"
    assert (data["profile"]["checkin_reminder"], data["profile"]["session_reminder"]) == (True, False)
    assert data["profile"]["checkin_reminder_time"] == "20:00:00"
    assert [(code["code"], code["coach"]) for code in data["invite_codes_used"]] == [("ABCD2345", "Casey")]
