"""Athletes without a coach change the plan they started, with the coach's editor; nobody else may."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import PlanChange
from conftest import count_queries
from library.tests.factories import make_exercise, make_strategy

from .coaching import assign, link
from .test_plan_changes import edit_data, rows_of

pytestmark = pytest.mark.django_db

URL = reverse("athletes:change-own-plan")


def start_own_plan(athlete, *, start_days_ago=6, sessions_per_week=3):
    calf = make_exercise("slow-calf-raises", name="Slow calf raises")
    sleep = make_strategy("sleep-well", name="Sleep well")
    return services.assign_routine(
        coach=None,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate() - timedelta(days=start_days_ago),
        sessions_per_week=sessions_per_week,
        weeks=4,
        note="",
        items=[{"exercise": calf, "sets": 3, "reps": 15}, {"strategy": sleep, "dose": "7 hours in bed"}],
        notify=False,
    )


@pytest.fixture
def own_plan(athlete):
    return start_own_plan(athlete)


# The athlete changes their own plan ------------------------------------------------------------


def test_a_self_coached_athlete_is_offered_to_change_the_plan_they_started(athlete_client, own_plan):
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert f'href="{URL}">Change this plan</a>' in body


def test_the_editor_starts_from_the_plan_as_it_stands(athlete_client, own_plan):
    response = athlete_client.get(URL)
    assert response.context["form"]["sessions_per_week"].value() == 3
    assert [row["dose"] or row["reps"] for row in response.context["formset"].initial] == [15, "7 hours in bed"]
    body = response.content.decode()
    assert "Note for yourself" in body
    assert "Why you changed it" in body
    assert "Message for the athlete" not in body


def test_a_self_coached_athlete_changes_a_dose_and_the_sessions_per_week_and_is_not_emailed(
    athlete_client, athlete, own_plan, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    data = edit_data(own_plan, rows_of(own_plan, **{"Slow calf raises": {"reps": 20}}), sessions_per_week=4)
    with django_capture_on_commit_callbacks(execute=True):
        response = athlete_client.post(URL, {**data, "message": "Felt easy"})
    assert response.status_code == 302
    assert response.url == reverse("athletes:routine")
    own_plan.refresh_from_db()
    assert own_plan.sessions_per_week == 4
    change = PlanChange.objects.get(assignment=own_plan)
    assert (change.changed_by, change.message) == (athlete, "Felt easy")
    assert change.summary == "sessions a week 3 → 4; Slow calf raises: 3 × 15 reps → 3 × 20 reps"
    assert (change.sessions_per_week_before, change.sessions_per_week_after) == (3, 4)
    assert mail.outbox == []


def test_the_routine_page_reads_you_changed_this_plan(athlete_client, athlete, own_plan):
    services.change_plan(
        own_plan, coach=None, items=rows_of(own_plan), name=own_plan.name, sessions_per_week=5, weeks=4, note=""
    )
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert f"You changed this plan on {timezone.localdate():%-d %b}:</span> sessions a week 3 → 5." in body


def test_a_coach_who_arrives_later_reads_the_athletes_name_on_their_change(client, athlete, coach, own_plan):
    services.change_plan(
        own_plan, coach=None, items=rows_of(own_plan), name=own_plan.name, sessions_per_week=5, weeks=4, note=""
    )
    link(coach, athlete)
    client.force_login(coach)
    body = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert f"Alex changed this plan on {timezone.localdate():%-d %b}:</span>" in body


def test_the_athletes_change_follows_the_editors_rules(athlete_client, own_plan):
    response = athlete_client.post(URL, edit_data(own_plan, []))
    assert "A plan needs at least one exercise or habit." in response.content.decode()
    assert not PlanChange.objects.exists()


def test_saving_without_a_change_records_nothing(athlete_client, own_plan):
    response = athlete_client.post(URL, edit_data(own_plan, rows_of(own_plan)))
    assert response.status_code == 302
    assert not PlanChange.objects.exists()


# Nobody else changes it, and the athlete changes no coach's plan ---------------------------------


def test_a_coached_athlete_is_not_offered_to_change_even_a_plan_they_started(athlete_client, athlete, coach, own_plan):
    link(coach, athlete)
    assert "Change this plan" not in athlete_client.get(reverse("athletes:routine")).content.decode()
    assert athlete_client.get(URL).status_code == 404
    response = athlete_client.post(URL, edit_data(own_plan, rows_of(own_plan), weeks=8))
    assert response.status_code == 404
    own_plan.refresh_from_db()
    assert own_plan.weeks == 4


def test_an_athlete_does_not_change_a_coachs_plan_even_after_leaving_the_coach(athlete_client, athlete, coach):
    services.end_link(link(coach, athlete))
    plan = assign(coach, athlete, [make_exercise()])
    assert "Change this plan" not in athlete_client.get(reverse("athletes:routine")).content.decode()
    response = athlete_client.post(URL, edit_data(plan, rows_of(plan), weeks=8))
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.weeks == 4


def test_the_service_refuses_an_athletes_change_to_a_coachs_plan(athlete, coach):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise()])
    with pytest.raises(ValueError, match="athletes change only the plans they started"):
        services.change_plan(plan, coach=None, items=rows_of(plan), name="Mine", sessions_per_week=3, weeks=4, note="")
    assert not PlanChange.objects.exists()


def test_there_is_nothing_to_change_without_an_active_plan(athlete_client):
    assert athlete_client.get(URL).status_code == 404


def test_a_coach_gets_404_and_a_visitor_the_login_page(client, coach, own_plan):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(coach)
    assert client.get(URL).status_code == 404


def test_another_athletes_post_changes_nothing(client, other_athlete, own_plan):
    client.force_login(other_athlete)
    response = client.post(URL, edit_data(own_plan, rows_of(own_plan), weeks=8))
    assert response.status_code == 404
    own_plan.refresh_from_db()
    assert own_plan.weeks == 4


# Queries --------------------------------------------------------------------------------------------


def test_the_editor_does_not_grow_with_the_plans_items_or_changes(athlete_client, own_plan):
    few = count_queries(athlete_client, URL)
    rows = rows_of(own_plan) + [{"exercise": make_exercise(), "sets": 2, "reps": 10} for _ in range(6)]
    for weeks in (5, 6, 7):
        services.change_plan(
            own_plan, coach=None, items=rows, name=own_plan.name, sessions_per_week=3, weeks=weeks, note=""
        )
    assert count_queries(athlete_client, URL) == few
