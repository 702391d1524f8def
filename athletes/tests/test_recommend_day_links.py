"""The recommendation follows a factor the check-ins clearly link to cramp days, and says so."""

import pytest
from django.urls import reverse

from athletes.insights import day_analysis, episodes_in_window
from athletes.recommend import recommend
from athletes.tests.coaching import link

from .test_day_triggers import history
from .test_recommend import FATIGUE, FLUIDS, causes, log, plan  # noqa: F401 (causes is a fixture)

pytestmark = pytest.mark.django_db


def hot_days_cramp_more(athlete):
    """Cramps on 6 of 8 hot days and 1 of 20 others."""
    days = [{"cramped": i < 6, "hot_conditions": True} for i in range(8)]
    days += [{"cramped": i < 1, "hot_conditions": False} for i in range(20)]
    history(athlete, days)


def heat_as_common_either_way(athlete):
    days = [{"cramped": i < 3, "hot_conditions": True} for i in range(10)]
    days += [{"cramped": i < 6, "hot_conditions": False} for i in range(20)]
    history(athlete, days)


def ranked(athlete):
    links = day_analysis(athlete).linked_causes()
    return recommend(episodes_in_window(athlete), athlete_group="gym", limit=10, day_links=links)


@pytest.fixture
def two_plans(athlete, causes):  # noqa: F811
    plan("fatigue", (causes["neuromuscular-fatigue"], "supported"))
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 3, FATIGUE)
    log(athlete, 3, FLUIDS)


def test_without_checkins_the_ranking_is_as_before(athlete, two_plans):
    suggestions = ranked(athlete)
    assert [r.template.slug for r in suggestions] == ["fatigue", "fluids"]
    assert not any("Check-ins" in r.explanation for r in suggestions)


def test_a_clear_link_moves_the_plans_for_its_causes_up(athlete, two_plans):
    hot_days_cramp_more(athlete)
    suggestions = ranked(athlete)
    assert [r.template.slug for r in suggestions] == ["fluids", "fatigue"]
    first = suggestions[0]
    assert "Your check-ins link heat to cramp days (6 of 8 hot or humid days against 1 of 20 other days)" in (
        first.explanation
    )
    assert "dehydration" in first.explanation
    assert "Check-ins" not in suggestions[1].explanation


def test_a_factor_equally_common_on_both_kinds_of_day_moves_nothing(athlete, two_plans):
    heat_as_common_either_way(athlete)
    assert [r.template.slug for r in ranked(athlete)] == ["fatigue", "fluids"]


def test_the_coach_reads_why_on_the_athletes_page(client, coach, athlete, two_plans):
    link(coach, athlete)
    hot_days_cramp_more(athlete)
    client.force_login(coach)
    response = client.get(reverse("athletes:coach-athlete", args=[athlete.pk]))
    # The coach reads about the athlete, by name, in the third person.
    assert f"{athlete.display_name}&#x27;s check-ins link heat to cramp days" in response.content.decode()
    assert "Your check-ins" not in response.content.decode()
    assert [r.template.slug for r in response.context["recommendations"]][:2] == ["fluids", "fatigue"]


def test_a_self_coached_athlete_gets_the_same_ranking_on_their_routine_page(athlete_client, athlete, two_plans):
    hot_days_cramp_more(athlete)
    response = athlete_client.get(reverse("athletes:routine"))
    assert [r.template.slug for r in response.context["suggestions"]][:2] == ["fluids", "fatigue"]
    assert "Your check-ins link heat to cramp days" in response.content.decode()


def test_a_plan_the_check_ins_point_to_leads_even_when_it_covers_few_episodes(athlete, causes):  # noqa: F811
    plan("fatigue", (causes["neuromuscular-fatigue"], "supported"))
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 5, FATIGUE)
    log(athlete, 1, FLUIDS)
    assert [r.template.slug for r in ranked(athlete)] == ["fatigue", "fluids"]
    hot_days_cramp_more(athlete)
    suggestions = ranked(athlete)
    assert [r.template.slug for r in suggestions] == ["fluids", "fatigue"]
    assert "Your check-ins link heat to cramp days" in suggestions[0].explanation
