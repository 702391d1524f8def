"""Bad input is a clear error beside the field, and nothing is saved: never a server error."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from athletes.models import CrampEpisode, PlanChange, RoutineAssignment, RoutineSession
from athletes.tests.coaching import assign, link
from athletes.tests.factories import make_episode
from cramps.input import validate_sane_date
from library.tests.factories import make_cause, make_exercise, make_template

pytestmark = pytest.mark.django_db

HUGE = "1" * 40


def _episode(**overrides):
    data = {
        "occurred_at": (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "muscle": "calves",
        "severity": "5",
    }
    return {**data, **overrides}


def _field_errors(response, form="form"):
    return response.context[form].errors


# Dates ------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "1999-12-31T23:00", "9999-12-31T23:59"])
def test_it_refuses_an_episode_outside_the_sane_years(athlete_client, when):
    response = athlete_client.post(reverse("athletes:episode-create"), _episode(occurred_at=when))
    assert response.status_code == 200
    assert "occurred_at" in _field_errors(response)
    assert not CrampEpisode.objects.exists()


def test_the_database_refuses_an_episode_before_2000(athlete):
    with pytest.raises(IntegrityError), transaction.atomic():
        CrampEpisode.objects.create(
            athlete=athlete, muscle="calves", severity=3, occurred_at=datetime(1, 1, 1, tzinfo=UTC)
        )


def test_the_database_refuses_a_plan_starting_in_year_9999(coach, athlete):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise()])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineAssignment.objects.filter(pk=plan.pk).update(start_date=date(9999, 12, 31))


def test_the_database_refuses_a_session_far_in_the_past(coach, athlete):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise()])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineSession.objects.create(assignment=plan, performed_on=date(1, 1, 1))


def test_a_far_start_date_is_an_error_beside_the_field_in_admin_too(coach, athlete):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise()])
    plan.start_date = date(9999, 12, 31)
    with pytest.raises(ValidationError) as raised:
        plan.full_clean()
    assert "start_date" in raised.value.message_dict


def test_the_self_start_editor_refuses_a_far_start(athlete_client):
    exercise = make_exercise()
    data = {
        "name": "Mine",
        "start_date": "9999-12-31",
        "sessions_per_week": "3",
        "weeks": "4",
        "note": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-exercise": str(exercise.pk),
        "items-0-reps": "10",
    }
    response = athlete_client.post(reverse("athletes:start-plan"), data)
    assert response.status_code == 200
    assert "start_date" in _field_errors(response)
    assert not RoutineAssignment.objects.exists()


def test_a_history_filter_in_year_1_is_an_error_not_a_crash(athlete_client, athlete):
    make_episode(athlete)
    response = athlete_client.get(reverse("athletes:episode-list"), {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert "start" in response.context["filter_form"].errors
    assert len(response.context["page"].object_list) == 1  # with errors, nothing is filtered


# Ids and control characters ---------------------------------------------------


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "-3", "cramp", "1\x00"])
def test_a_bad_cause_id_is_an_error_beside_the_field(athlete_client, value):
    make_cause()
    response = athlete_client.post(reverse("athletes:episode-create"), _episode(suspected_causes=[value]))
    assert response.status_code == 200
    assert "suspected_causes" in _field_errors(response)
    assert not CrampEpisode.objects.exists()


def test_a_huge_exercise_id_in_a_plan_row_is_an_error(coach_client, coach, athlete):
    link(coach, athlete)
    data = {
        "name": "Plan",
        "start_date": timezone.localdate().isoformat(),
        "sessions_per_week": "3",
        "weeks": "4",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-exercise": HUGE,
        "items-0-reps": "10",
    }
    response = coach_client.post(reverse("athletes:assign", args=[athlete.pk]), data)
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["exercise"]
    assert not RoutineAssignment.objects.exists()


def test_a_huge_completed_item_id_is_an_error(athlete_client, coach, athlete):
    link(coach, athlete)
    assign(coach, athlete, [make_exercise()])
    response = athlete_client.post(reverse("athletes:routine"), {"completed_items": [HUGE], "helped": "yes"})
    assert response.status_code == 200
    assert "completed_items" in _field_errors(response)
    assert not RoutineSession.objects.exists()


@pytest.mark.parametrize("notes", ["Stopped\x00here", "bell\x07"])
def test_control_characters_in_notes_are_refused(athlete_client, notes):
    response = athlete_client.post(reverse("athletes:episode-create"), _episode(notes=notes))
    assert "notes" in _field_errors(response)
    assert not CrampEpisode.objects.exists()


def test_line_breaks_and_tabs_in_notes_are_kept(athlete_client, athlete):
    response = athlete_client.post(reverse("athletes:episode-create"), _episode(notes="Left calf.\r\n\tThen right."))
    assert response.status_code == 302
    assert CrampEpisode.objects.get().notes.startswith("Left calf.")


@pytest.mark.parametrize("name", ["Alex\nSmith", "Alex\rSmith", "Al\x00ex"])
def test_a_name_cannot_carry_a_line_break(athlete_client, athlete, name):
    data = {"account-first_name": name, "account-last_name": "", "account-email": athlete.email}
    data["account-time_zone"] = "Europe/London"
    response = athlete_client.post(reverse("profile"), data)
    assert response.status_code == 200
    assert "first_name" in response.context["account_form"].errors
    athlete.refresh_from_db()
    assert athlete.first_name == "Alex"


def test_a_plan_name_cannot_carry_a_line_break(athlete_client):
    exercise = make_exercise()
    data = {
        "name": "Two\nlines",
        "start_date": timezone.localdate().isoformat(),
        "sessions_per_week": "3",
        "weeks": "4",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-exercise": str(exercise.pk),
        "items-0-reps": "10",
    }
    response = athlete_client.post(reverse("athletes:start-plan"), data)
    assert "name" in _field_errors(response)
    assert not RoutineAssignment.objects.exists()


@pytest.mark.parametrize("query", [{"page": HUGE}, {"page": "-1"}, {"page": "x\x00"}, {"muscle": "calves\x00"}])
def test_a_bad_history_query_string_is_no_error(athlete_client, athlete, query):
    make_episode(athlete)
    assert athlete_client.get(reverse("athletes:episode-list"), query).status_code == 200


@pytest.mark.parametrize("slug", ["plan\x00", "two words", HUGE + "\n"])
def test_a_template_that_is_not_a_slug_is_not_found(athlete_client, slug):
    make_template("easy-plan", exercises=[make_exercise()])
    assert athlete_client.get(reverse("athletes:start-plan"), {"template": slug}).status_code == 404


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "\x00", HUGE])
def test_a_bad_day_on_the_routine_page_shows_today(athlete_client, coach, athlete, day):
    link(coach, athlete)
    assign(coach, athlete, [make_exercise()])
    response = athlete_client.get(reverse("athletes:routine"), {"day": day})
    assert response.status_code == 200
    assert response.context["day"] == response.context["today"]


def test_a_dashboard_search_with_a_nul_byte_is_an_error(coach_client):
    response = coach_client.get(reverse("athletes:dashboard"), {"q": "al\x00"})
    assert response.status_code == 200
    assert "q" in response.context["form"].errors


def test_an_invite_code_with_control_characters_is_an_error(athlete_client):
    response = athlete_client.get(reverse("athletes:join"), {"code": "ABCD\x00EFG"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


@pytest.mark.parametrize("weeks", ["416017", "0", "-1", HUGE])
def test_changing_a_plan_to_a_huge_number_of_weeks_is_an_error(coach_client, coach, athlete, weeks):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise()])
    data = {
        "name": "Plan",
        "sessions_per_week": "3",
        "weeks": weeks,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    response = coach_client.post(reverse("athletes:edit-routine", args=[athlete.pk]), data)
    assert response.status_code == 200
    assert "weeks" in _field_errors(response)
    plan.refresh_from_db()
    assert plan.weeks == 4


def test_the_database_refuses_a_plan_change_dated_year_1(coach, athlete):
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise()])
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanChange.objects.create(assignment=plan, summary="Moved", changed_at=datetime(1, 1, 2, tzinfo=UTC))


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (datetime(2000, 1, 1, tzinfo=UTC), True),
        (datetime(2100, 12, 31, 23, 0, tzinfo=UTC), True),
        (datetime(1999, 12, 31, 23, 59, tzinfo=UTC), False),
        (datetime(2101, 1, 1, tzinfo=UTC), False),
    ],
)
def test_the_date_validator_agrees_with_the_constraints(moment, allowed):
    if allowed:
        validate_sane_date(moment)
    else:
        with pytest.raises(ValidationError):
            validate_sane_date(moment)
