"""Athletes without a coach see plans for their cramps on the routine page, and start, adjust and end them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import RoutineAssignment
from athletes.views.plans import replaced_own_plan
from conftest import count_queries
from library.tests.factories import make_cause, make_exercise, make_strategy, make_template

from .coaching import assign, link
from .factories import make_episode, make_episodes

pytestmark = pytest.mark.django_db

FLUIDS = {"setting": "training", "fluid_intake": "none", "hot_conditions": True}


@pytest.fixture
def plans():
    """Two fluids plans alike but for whom they are made, and a habit for the rows."""
    dehydration = make_cause("dehydration", name="Dehydration")
    calf = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[dehydration])
    drink = make_strategy("drink-to-a-plan", name="Drink to a plan", causes=[dehydration])
    return {
        "sports": make_template(
            "fluids-for-sport",
            name="Fluids for sport",
            causes=[dehydration],
            exercises=[calf],
            habits=[(drink, "500 ml two hours before")],
            athlete_group="sports",
        ),
        "gym": make_template(
            "fluids-for-the-gym",
            name="Fluids for the gym",
            causes=[dehydration],
            exercises=[calf],
            habits=[drink],
            athlete_group="gym",
        ),
        "calf": calf,
        "drink": drink,
    }


def _set_type(athlete, athlete_type):
    athlete.athlete_profile.athlete_type = athlete_type
    athlete.athlete_profile.save()


def _start_post(client, template, **overrides):
    calf, drink = template.items.order_by("position")
    data = {
        "name": template.name,
        "start_date": timezone.localdate().isoformat(),
        "sessions_per_week": 4,
        "weeks": 6,
        "note": "Before long runs.",
        "items-TOTAL_FORMS": 3,
        "items-INITIAL_FORMS": 2,
        "items-0-exercise": calf.exercise.pk,
        "items-0-sets": 2,
        "items-0-reps": 20,
        "items-0-ORDER": 1,
        "items-1-strategy": drink.strategy.pk,
        "items-1-dose": "750 ml two hours before",
        "items-1-ORDER": 2,
        "items-2-exercise": "",
        **overrides,
    }
    return client.post(reverse("athletes:start-plan") + f"?template={template.slug}", data)


# The routine page with no active plan ---------------------------------------------------------


def test_a_self_coached_athlete_sees_plans_for_their_cramps_with_a_start_action(athlete_client, athlete, plans):
    _set_type(athlete, "endurance")
    make_episodes(athlete, 4, **FLUIDS)
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "You have no routine yet" in body
    assert "you can start a plan yourself" in body
    assert "It targets the causes behind 4 of your 4 episodes in the last 28 days: dehydration (4)." in body
    assert "Worth trying" in body  # 4 episodes: one more would make a pattern
    assert f'href="{reverse("athletes:start-plan")}?template=fluids-for-sport"' in body
    assert "Start this plan" in body


def test_the_suggestions_follow_the_athletes_type(athlete_client, athlete, plans):
    make_episodes(athlete, 4, **FLUIDS)
    for athlete_type, first, second in [
        ("endurance", "Fluids for sport", "Fluids for the gym"),
        ("gym", "Fluids for the gym", "Fluids for sport"),
    ]:
        _set_type(athlete, athlete_type)
        suggestions = athlete_client.get(reverse("athletes:routine")).context["suggestions"]
        assert [rec.template.name for rec in suggestions] == [first, second]


def test_with_no_cramps_logged_the_page_says_to_log_them_or_browse_the_library(athlete_client, plans):
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "No suggestion yet: you have logged no cramps in the last 28 days." in body
    assert reverse("athletes:episode-list") in body
    assert reverse("library:routine-list") in body
    assert "Start this plan" not in body


def test_when_no_plan_fits_the_page_says_how_to_get_one(athlete_client, athlete, plans):
    make_episodes(athlete, 3, setting="training")
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "No plan in the library fits your episodes yet." in body
    assert "browse the library's plans" in body


def test_an_urgent_warning_sign_puts_seeing_a_professional_first(athlete_client, athlete, plans):
    make_episodes(athlete, 2, **FLUIDS)
    assert "A plan does not replace seeing a healthcare professional" not in (
        athlete_client.get(reverse("athletes:routine")).content.decode()
    )
    make_episode(athlete, setting="training", leg_swelling=True, side="left")
    assert "A plan does not replace seeing a healthcare professional" in (
        athlete_client.get(reverse("athletes:routine")).content.decode()
    )


def test_a_coached_athlete_is_told_to_ask_their_coach_and_gets_no_start_action(athlete_client, athlete, coach, plans):
    link(coach, athlete)
    make_episodes(athlete, 4, **FLUIDS)
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Your coach (Casey) assigns your plans: ask them for one." in body
    assert "Fluids for" in body  # the suggestions, as information
    assert "Start this plan" not in body
    assert reverse("athletes:start-plan") not in body


# Starting a plan -------------------------------------------------------------------------------


def test_the_editor_starts_from_the_library_plan(athlete_client, plans):
    response = athlete_client.get(reverse("athletes:start-plan"), {"template": "fluids-for-sport"})
    assert response.status_code == 200
    form, formset = response.context["form"], response.context["formset"]
    assert form.initial["name"] == "Fluids for sport"
    assert [row.initial.get("dose") for row in formset.forms[:2]] == ["", "500 ml two hours before"]
    body = response.content.decode()
    assert "Start this plan" in body
    assert "Note for yourself" in body
    assert "nothing_saved" not in body  # the shared editor's own notes stay out of the page


def test_it_starts_an_adjusted_copy_with_no_coach_and_sends_no_email(
    athlete_client, athlete, plans, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _start_post(athlete_client, plans["sports"])
    assert response.status_code == 302
    assert response.url == reverse("athletes:routine")
    plan = RoutineAssignment.objects.get(athlete=athlete, is_active=True)
    assert (plan.coach, plan.template, plan.sessions_per_week, plan.weeks) == (None, plans["sports"], 4, 6)
    assert [(i.exercise_id, i.strategy_id, i.sets, i.reps, i.dose) for i in plan.items.order_by("position")] == [
        (plans["calf"].pk, None, 2, 20, ""),
        (None, plans["drink"].pk, None, None, "750 ml two hours before"),
    ]
    assert mail.outbox == []
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Started Fluids for sport." in body
    assert "Slow calf raises" in body


def test_starting_a_plan_ends_the_one_the_athlete_was_following(athlete_client, athlete, plans):
    _start_post(athlete_client, plans["gym"])
    response = athlete_client.get(reverse("athletes:start-plan"), {"template": "fluids-for-sport"})
    assert "You are following <strong>Fluids for the gym</strong>. Starting this one ends it." in (
        response.content.decode()
    )
    _start_post(athlete_client, plans["sports"])
    assert list(RoutineAssignment.objects.filter(athlete=athlete).values_list("name", "is_active")) == [
        ("Fluids for sport", True),
        ("Fluids for the gym", False),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sessions_per_week": 0}, "Ensure this value is greater than or equal to 1."),
        ({"items-0-DELETE": "on", "items-1-DELETE": "on"}, "A plan needs at least one exercise or habit."),
        ({"items-1-dose": ""}, "Give the habit a dose"),
    ],
)
def test_a_bad_plan_says_why_and_starts_nothing(athlete_client, plans, overrides, message):
    response = _start_post(athlete_client, plans["sports"], **overrides)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was started" in body
    assert message in body
    assert not RoutineAssignment.objects.exists()


def test_an_athlete_can_build_a_plan_of_their_own(athlete_client, athlete, plans):
    response = athlete_client.post(
        reverse("athletes:start-plan"),
        {
            "name": "My calf plan",
            "start_date": timezone.localdate().isoformat(),
            "sessions_per_week": 2,
            "weeks": 3,
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            "items-0-exercise": plans["calf"].pk,
            "items-0-reps": 10,
        },
    )
    assert response.status_code == 302
    plan = RoutineAssignment.objects.get(athlete=athlete)
    assert (plan.name, plan.template, plan.coach) == ("My calf plan", None, None)


def test_an_unknown_library_plan_is_404(athlete_client):
    assert athlete_client.get(reverse("athletes:start-plan"), {"template": "no-such-plan"}).status_code == 404


# Who may start plans ---------------------------------------------------------------------------


def test_a_coached_athlete_cannot_start_a_plan_and_is_sent_to_ask_their_coach(athlete_client, athlete, coach, plans):
    link(coach, athlete)
    response = _start_post(athlete_client, plans["sports"])
    assert response.status_code == 302
    assert response.url == reverse("athletes:routine")
    assert not RoutineAssignment.objects.exists()
    body = athlete_client.get(reverse("athletes:start-plan"), follow=True).content.decode()
    assert "Your coach (Casey) assigns your plans: ask them to start one." in body


def test_a_coach_gets_404_and_changes_nothing(coach_client, coach, athlete, plans):
    link(coach, athlete)
    assert coach_client.get(reverse("athletes:start-plan"), {"template": "fluids-for-sport"}).status_code == 404
    assert _start_post(coach_client, plans["sports"]).status_code == 404
    assert not RoutineAssignment.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, plans):
    url = reverse("athletes:start-plan")
    assert client.get(url).url.startswith(reverse("login"))
    assert _start_post(client, plans["sports"]).url.startswith(reverse("login"))
    assert not RoutineAssignment.objects.exists()


# The library's plan page ---------------------------------------------------------------------


def test_the_library_plan_page_offers_start_to_an_athlete_without_a_coach(athlete_client, plans):
    body = athlete_client.get(reverse("library:routine-detail", args=["fluids-for-sport"])).content.decode()
    assert f'href="{reverse("athletes:start-plan")}?template=fluids-for-sport">Start this plan' in body


def test_the_library_plan_page_sends_a_coached_athlete_to_their_coach(athlete_client, athlete, coach, plans):
    link(coach, athlete)
    body = athlete_client.get(reverse("library:routine-detail", args=["fluids-for-sport"])).content.decode()
    assert "Start this plan" not in body
    assert "Your coach assigns your plans: ask them about this one." in body


def test_the_library_plan_page_offers_a_coach_no_start(coach_client, plans):
    body = coach_client.get(reverse("library:routine-detail", args=["fluids-for-sport"])).content.decode()
    assert "Start this plan" not in body
    assert "Your coach assigns" not in body


# Ending, and a coach taking over ---------------------------------------------------------------


def test_an_athlete_ends_their_own_plan_after_confirming(athlete_client, athlete, plans):
    _start_post(athlete_client, plans["sports"])
    confirm = athlete_client.get(reverse("athletes:stop-routine")).content.decode()
    assert "Stop Fluids for sport?" in confirm
    assert RoutineAssignment.objects.get(athlete=athlete).is_active
    athlete_client.post(reverse("athletes:stop-routine"))
    plan = RoutineAssignment.objects.get(athlete=athlete)
    assert (plan.is_active, plan.ended_on) == (False, timezone.localdate())
    assert "Plans for your cramps" in athlete_client.get(reverse("athletes:routine")).content.decode()


def test_a_coachs_assignment_ends_a_self_started_plan_and_the_athlete_is_told(
    athlete_client, athlete, coach, plans, django_capture_on_commit_callbacks
):
    _start_post(athlete_client, plans["sports"])
    link(coach, athlete)
    with django_capture_on_commit_callbacks(execute=True):
        assign(coach, athlete, [plans["calf"]])
    own = RoutineAssignment.objects.get(athlete=athlete, coach=None)
    assert not own.is_active
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert (
        f"On {timezone.localdate().strftime('%-d %B')} Casey assigned you this plan, "
        "which ended <strong>Fluids for sport</strong>, the plan you had started yourself." in body
    )
    assert 'It replaces "Fluids for sport", the plan you started yourself.' in mail.outbox[0].body


def test_no_such_message_when_a_coach_replaces_a_coachs_plan(athlete_client, athlete, coach, plans):
    link(coach, athlete)
    assign(coach, athlete, [plans["calf"]])
    assign(coach, athlete, [plans["calf"]])
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "the plan you had started yourself" not in body


def test_a_self_started_plan_ended_days_before_the_coachs_is_not_called_replaced(athlete, coach, plans):
    own = services.assign_routine(
        coach=None,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate() - timedelta(days=10),
        sessions_per_week=3,
        weeks=4,
        note="",
        items=[{"exercise": plans["calf"], "reps": 10}],
    )
    RoutineAssignment.objects.filter(pk=own.pk).update(is_active=False, ended_on=timezone.localdate() - timedelta(3))
    link(coach, athlete)
    assert replaced_own_plan(assign(coach, athlete, [plans["calf"]])) is None


def test_a_self_started_plan_the_athlete_stopped_the_same_day_is_not_called_replaced(athlete, coach, plans):
    own = services.assign_routine(
        coach=None,
        athlete=athlete,
        template=None,
        start_date=timezone.localdate(),
        sessions_per_week=3,
        weeks=4,
        note="",
        items=[{"exercise": plans["calf"], "reps": 10}],
    )
    services.end_assignment(own, by=athlete, reason="You stopped it.")
    link(coach, athlete)
    assert replaced_own_plan(assign(coach, athlete, [plans["calf"]])) is None


# Query counts ----------------------------------------------------------------------------------


def test_the_routine_page_without_a_plan_does_not_grow_with_episodes_or_plans(athlete_client, athlete, plans):
    url = reverse("athletes:routine")
    make_episodes(athlete, 5, **FLUIDS, leg_swelling=True)
    small = count_queries(athlete_client, url)
    make_episodes(athlete, 60, **FLUIDS, leg_swelling=True)
    dehydration = plans["sports"].causes.first()
    for _ in range(5):
        make_template(causes=[dehydration], exercises=[make_exercise(causes=[dehydration])], habits=[make_strategy()])
    assert count_queries(athlete_client, url) == small


def test_the_start_editor_does_not_grow_with_the_plans_items(athlete_client, plans):
    url = reverse("athletes:start-plan")
    make_template(
        "long-plan", exercises=[make_exercise() for _ in range(8)], habits=[make_strategy() for _ in range(4)]
    )
    assert count_queries(athlete_client, url + "?template=long-plan") == count_queries(
        athlete_client, url + "?template=fluids-for-sport"
    )
