"""An athlete takes everything they own away, and any member deletes their own account.

Deleting a coach never deletes an athlete's data, nor the record that they were coached.
"""

import csv
import io
import json
import logging
import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import (
    AssignedItem,
    AthleteProfile,
    CoachInvite,
    CoachLink,
    Comment,
    CrampEpisode,
    FlagAcknowledgement,
    PlanChange,
    RoutineAssignment,
    RoutineSession,
    User,
)
from conftest import PASSWORD, make_user
from library.tests.factories import make_cause, make_exercise, make_strategy

from .coaching import assign, do_sessions, link
from .factories import make_episode

pytestmark = pytest.mark.django_db

SECRET_NOTE = "blair-only: cramped after the derby"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def security_lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "cramps.security"]


@pytest.fixture
def shared_coach(coach, athlete, other_athlete):
    """Alex and Blair share Casey, who set each a plan; each logged episodes; Casey acknowledged a flag for each."""
    dehydration = make_cause("dehydration", name="Dehydration")
    calf = make_exercise("calf-raises", name="Calf raises")
    water = make_strategy("drink-to-plan", name="Drink to a plan")
    for person, note in ((athlete, '=HYPERLINK("http://x")'), (other_athlete, SECRET_NOTE)):
        link(coach, person)
        make_episode(person, days_ago=2, setting="training", notes=note, suspected=[dehydration])
        make_episode(person, days_ago=1, setting="night", numbness=True)
        plan = assign(coach, person, [calf], habits=[(water, "500 ml an hour")], start_days_ago=5)
        do_sessions(plan, 2)
        services.change_plan(
            plan,
            coach=coach,
            items=[{"exercise": calf, "sets": 3, "reps": 20}, {"strategy": water, "dose": "500 ml an hour"}],
            message="More reps",
            name=plan.name,
            sessions_per_week=4,
            weeks=plan.weeks,
            note=plan.note,
        )
        services.acknowledge_flag(person, "numbness", by=coach)
    return coach


def export(client, kind="json", password=PASSWORD):
    return client.post(reverse("account-export"), {"format": kind, "password": password})


# Export ----------------------------------------------------------------------------


def test_the_export_page_asks_for_the_password_and_is_linked_from_the_profile(athlete_client):
    assert f'href="{reverse("account-export")}"' in athlete_client.get(reverse("profile")).content.decode()
    body = athlete_client.get(reverse("account-export")).content.decode()
    assert re.search(r'<label\s+for="id_password"', body)
    assert "Download everything (JSON)" in body
    assert "Download episodes (CSV)" in body


def test_the_export_is_for_signed_in_athletes_only(client, coach_client):
    assert coach_client.get(reverse("account-export")).status_code == 404
    client.logout()
    response = client.get(reverse("account-export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_wrong_password_downloads_nothing(athlete_client, athlete, caplog):
    caplog.set_level(logging.INFO, logger="cramps.security")
    make_episode(athlete, setting="training")
    response = export(athlete_client, password="not-my-password-1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "That is not your current password." in response.content.decode()
    assert not any(line.startswith("export ") for line in security_lines(caplog))


def test_a_download_must_be_chosen(athlete_client):
    response = athlete_client.post(reverse("account-export"), {"password": PASSWORD})
    assert "Choose a download." in response.content.decode()


def test_the_json_holds_everything_the_athlete_owns(athlete_client, athlete, shared_coach):
    ticked = AssignedItem.objects.get(assignment__athlete=athlete, removed_at__isnull=True, exercise__isnull=False)
    RoutineSession.objects.filter(assignment__athlete=athlete).latest("performed_on").completed_items.set([ticked])
    mine = athlete.assignments.get()
    Comment.objects.create(athlete=athlete, author=athlete, assignment=mine, text="Is four a week too many?")
    Comment.objects.create(athlete=athlete, author=shared_coach, assignment=mine, text="Try it for a week.")
    AthleteProfile.objects.filter(user=athlete).update(calendar_token="live-calendar-secret")
    response = export(athlete_client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="cramps-export-{day}.json"'
    assert "no-store" in response["Cache-Control"]  # health data: no browser or proxy keeps a copy
    data = json.loads(response.content)

    assert data["account"]["username"] == "alex"
    assert data["account"]["email"] == "alex@example.com"
    assert data["profile"]["athlete_type"] == "gym"
    assert len(data["episodes"]) == 2
    assert data["episodes"][0]["suspected_causes"] == ["dehydration"]
    assert data["episodes"][1]["numbness"] is True
    assert data["coach_links"] == [
        {"coach": "Casey", "started_at": data["coach_links"][0]["started_at"], "ended_at": None}
    ]
    (plan,) = data["plans"]
    assert plan["set_by"] == "Casey"
    assert plan["sessions_per_week"] == 4
    assert [session["completed_items"] for session in plan["sessions"]] == [[], [ticked.pk]]
    # the old dose stays, marked removed, so the sessions that ticked it still point at it
    items = [(item["name"], item["reps"], item["removed_at"] is None) for item in plan["items"]]
    assert items == [("Calf raises", 15, False), ("Calf raises", 20, True), ("Drink to a plan", None, True)]
    assert plan["changes"][0]["changed_by"] == "Casey"
    assert plan["changes"][0]["message"] == "More reps"
    assert (plan["changes"][0]["sessions_per_week_before"], plan["changes"][0]["sessions_per_week_after"]) == (3, 4)
    assert data["flag_acknowledgements"][0]["flag"] == "numbness"
    assert data["flag_acknowledgements"][0]["acknowledged_by"] == "Casey"
    assert [(c["on"], c["plan_id"], c["by"], c["text"]) for c in data["comments"]] == [
        ("plan", mine.pk, "you", "Is four a week too many?"),
        ("plan", mine.pk, "Casey", "Try it for a week."),
    ]
    assert "live-calendar-secret" not in response.content.decode()  # a live secret stays out of the file


def test_the_export_holds_no_other_persons_data(athlete_client, athlete, other_athlete, shared_coach):
    for kind in ("json", "csv"):
        raw = export(athlete_client, kind).content.decode()
        assert SECRET_NOTE not in raw
        assert "blair" not in raw.lower()
        assert "casey@example.com" not in raw  # the coach appears by name only
    ids = {episode["id"] for episode in json.loads(export(athlete_client).content)["episodes"]}
    assert ids == set(athlete.episodes.values_list("pk", flat=True))


def test_the_csv_has_one_row_per_episode_and_no_formulas(athlete_client, athlete, shared_coach):
    response = export(athlete_client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="cramps-episodes-{day}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[0]["muscle"] == "calves"
    assert rows[0]["suspected_causes"] == "dehydration"
    assert rows[0]["notes"] == '\'=HYPERLINK("http://x")'  # shown as text, never run as a formula
    assert rows[1]["numbness"] == "True"


def test_times_in_the_export_are_in_the_athletes_zone(athlete_client, athlete):
    athlete.time_zone = "Asia/Tokyo"
    athlete.save()
    make_episode(athlete, setting="training")
    occurred = json.loads(export(athlete_client).content)["episodes"][0]["occurred_at"]
    assert occurred.endswith("+09:00")


def test_an_athlete_with_nothing_yet_still_gets_a_file(athlete_client):
    data = json.loads(export(athlete_client).content)
    assert (data["episodes"], data["plans"], data["coach_links"], data["flag_acknowledgements"]) == ([], [], [], [])


def test_the_export_is_logged_without_the_password_or_notes(athlete_client, athlete, shared_coach, caplog):
    caplog.set_level(logging.INFO, logger="cramps.security")
    export(athlete_client, "csv")
    lines = security_lines(caplog)
    assert "export user=alex ip=127.0.0.1 path=/accounts/profile/export/ format=csv" in lines
    assert not any(PASSWORD in line or "HYPERLINK" in line for line in lines)


def test_the_export_reads_the_same_number_of_queries_however_much_there_is(athlete_client, athlete, coach):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert export(athlete_client).status_code == 200
        return len(captured)

    link(coach, athlete)
    calf = make_exercise("calf-raises")
    do_sessions(assign(coach, athlete, [calf], start_days_ago=9), 2)
    make_episode(athlete, setting="training", suspected=[make_cause("dehydration")])
    few = queries()
    for _ in range(10):
        make_episode(athlete, setting="rest", suspected=[make_cause()])
    do_sessions(assign(coach, athlete, [calf, make_exercise()], start_days_ago=6), 5)
    assert queries() == few


# Deleting an account ---------------------------------------------------------------------


def delete(client, password=PASSWORD):
    return client.post(reverse("account-delete"), {"password": password}, follow=True)


def test_the_delete_page_says_what_goes_and_is_linked_from_the_profile(athlete_client, athlete, shared_coach):
    assert f'href="{reverse("account-delete")}"' in athlete_client.get(reverse("profile")).content.decode()
    body = athlete_client.get(reverse("account-delete")).content.decode()
    assert "your 2 cramp episodes" in body
    assert "your 1 plan," in body
    assert "your 1 coach will no longer see you" in body
    assert "This cannot be undone." in body
    assert re.search(r'<label\s+for="id_password"', body)
    assert f'href="{reverse("account-export")}"' in body


def test_a_wrong_password_deletes_nothing(athlete_client, athlete):
    make_episode(athlete, setting="training")
    response = delete(athlete_client, password="not-my-password-1")
    assert "That is not your current password." in response.content.decode()
    assert User.objects.filter(pk=athlete.pk).exists()
    assert CrampEpisode.objects.filter(athlete=athlete).count() == 1


def test_an_athlete_deletes_their_account_and_everything_in_it(
    athlete_client, athlete, other_athlete, shared_coach, caplog
):
    caplog.set_level(logging.INFO, logger="cramps.security")
    blair_before = {
        model: model.objects.filter(**{path: other_athlete}).count()
        for model, path in (
            (CrampEpisode, "athlete"),
            (RoutineAssignment, "athlete"),
            (RoutineSession, "assignment__athlete"),
            (PlanChange, "assignment__athlete"),
            (CoachLink, "athlete"),
            (FlagAcknowledgement, "athlete"),
        )
    }
    response = delete(athlete_client)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account and everything in it have been deleted." in response.content.decode()
    assert "_auth_user_id" not in athlete_client.session
    assert not User.objects.filter(username="alex").exists()
    for model, path in (
        (AthleteProfile, "user_id"),
        (CrampEpisode, "athlete_id"),
        (RoutineAssignment, "athlete_id"),
        (RoutineSession, "assignment__athlete_id"),
        (PlanChange, "assignment__athlete_id"),
        (CoachLink, "athlete_id"),
        (FlagAcknowledgement, "athlete_id"),
    ):
        assert not model.objects.filter(**{path: athlete.pk}).exists(), model
    for model, count in blair_before.items():
        path = {RoutineSession: "assignment__athlete", PlanChange: "assignment__athlete"}.get(model, "athlete")
        assert model.objects.filter(**{path: other_athlete}).count() == count, model
    assert "account-deleted user=alex ip=127.0.0.1 path=/accounts/profile/delete/ role=athlete" in security_lines(
        caplog
    )
    assert not any(PASSWORD in line for line in security_lines(caplog))
    dashboard = client_for(shared_coach).get(reverse("athletes:dashboard")).content.decode()
    assert "Alex" not in dashboard
    assert "Blair" in dashboard


def test_a_used_code_stays_used_after_its_athlete_deletes_their_account(athlete, coach):
    invite = CoachInvite.objects.create(coach=coach)
    services.accept_invite(athlete, invite)
    services.delete_account(athlete)
    invite.refresh_from_db()
    assert (invite.used_by, invite.used_at is not None) == (None, True)


def test_staff_accounts_are_not_deleted_from_the_profile(staff_client, staff):
    assert "deleted in admin by another staff member" in staff_client.get(reverse("account-delete")).content.decode()
    staff_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert User.objects.filter(pk=staff.pk).exists()


def test_the_delete_page_is_for_signed_in_members(client):
    response = client.get(reverse("account-delete"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Deleting a coach --------------------------------------------------------------------------


@pytest.fixture
def deleted_coach(athlete, other_coach, shared_coach):
    """Alex had Drew before Casey; Casey (whose plan Alex follows) deletes their account."""
    past = CoachLink.objects.create(coach=other_coach, athlete=athlete, ended_at=timezone.now())
    CoachLink.objects.filter(pk=past.pk).update(created_at=timezone.now() - timezone.timedelta(days=60))
    client = client_for(shared_coach)
    assert "your 2 athletes end today" in client.get(reverse("account-delete")).content.decode()
    response = client.post(reverse("account-delete"), {"password": PASSWORD}, follow=True)
    assert "Your account and everything in it have been deleted." in response.content.decode()
    assert not User.objects.filter(username="casey").exists()
    return past


def test_deleting_a_coach_keeps_the_athletes_episodes_plans_sessions_and_links(athlete, deleted_coach):
    assert athlete.episodes.count() == 2
    plan = athlete.assignments.get()
    assert (plan.coach, plan.coach_deleted, plan.is_active) == (None, True, True)
    assert plan.sessions.count() == 2
    assert plan.changes.get().changed_by is None
    assert FlagAcknowledgement.objects.get(athlete=athlete).acknowledged_by is None
    links = CoachLink.objects.filter(athlete=athlete).order_by("created_at")
    assert [(link.coach_id is None, link.ended_at is not None) for link in links] == [(False, True), (True, True)]
    assert links[0].ended_at == deleted_coach.ended_at  # a past link keeps its own end


def test_after_a_coach_is_deleted_the_athletes_pages_render_and_say_so(athlete, deleted_coach):
    client = client_for(athlete)
    for name in ("athletes:episode-list", "athletes:insights", "athletes:routine", "athletes:coaches", "profile"):
        assert client.get(reverse(name)).status_code == 200, name
    coaches = client.get(reverse("athletes:coaches")).content.decode()
    assert "You have no coach on Cramps." in coaches
    assert "A deleted coach" in coaches
    assert "Drew" in coaches
    routine = client.get(reverse("athletes:routine")).content.decode()
    assert "set by a deleted coach" in routine
    assert "A deleted coach changed this plan" in routine
    report = client.get(reverse("athletes:report")).content.decode()
    assert "set by a deleted coach" in report
    assert "started by the athlete" not in report
    data = json.loads(export(client).content)
    assert data["plans"][0]["set_by"] == "a deleted coach"
    assert data["coach_links"][1]["coach"] == "a deleted coach"


def test_a_deleted_coachs_athletes_show_on_no_coachs_dashboard(athlete, other_coach, deleted_coach):
    assert "Alex" not in client_for(other_coach).get(reverse("athletes:dashboard")).content.decode()
    assert client_for(other_coach).get(reverse("athletes:coach-athlete", args=[athlete.pk])).status_code == 404


def test_a_new_coach_sees_the_plan_a_deleted_coach_set(athlete, other_coach, deleted_coach):
    link(other_coach, athlete)
    body = client_for(other_coach).get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "set by a deleted coach" in body


def test_deleting_a_coach_anywhere_ends_their_active_links(athlete, coach):
    """Through admin or the shell, as well as from the profile."""
    link(coach, athlete)
    coach.delete()
    link_row = CoachLink.objects.get(athlete=athlete)
    assert (link_row.coach, link_row.ended_at is not None) == (None, True)


def test_the_database_holds_no_active_link_without_a_coach(athlete):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachLink.objects.create(coach=None, athlete=athlete)


def test_the_database_holds_no_plan_both_set_by_a_coach_and_by_a_deleted_one(athlete, coach):
    plan = assign(coach, athlete, [make_exercise()])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineAssignment.objects.filter(pk=plan.pk).update(coach_deleted=True)


def test_a_coach_account_can_be_deleted_without_athletes(client):
    lone = make_user("lone", role=User.Role.COACH)
    CoachInvite.objects.create(coach=lone)
    client.force_login(lone)
    client.post(reverse("account-delete"), {"password": PASSWORD})
    assert not User.objects.filter(username="lone").exists()
    assert not CoachInvite.objects.exists()
