"""Suggestions rest on prevention evidence, rank by the main causes, stay the size of their data,
follow the check-ins' day links, and speak to whoever reads them (issue 18)."""

# ruff: noqa: F811 (the `causes` fixture of test_recommend is imported, and taken by name)

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from athletes.days import local_today
from athletes.insights import advice_for, day_analysis, episodes_in_window, trigger_profile, zone_of
from athletes.models import CrampEpisode
from athletes.recommend import habits_for, recommend
from library.tests.factories import make_claim, make_exercise, make_strategy, make_template

from .coaching import link
from .factories import make_episode
from .test_day_triggers import history
from .test_recommend import FATIGUE, FLUIDS, TIRED, causes, log, plan  # noqa: F401 (causes is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    call_command("load_library", verbosity=0)


def suggest(athlete, *, limit=3, about="", day_links=None):
    return recommend(episodes_in_window(athlete), athlete_group="gym", limit=limit, about=about, day_links=day_links)


def slugs(suggestions):
    return [pick.template.slug for pick in suggestions]


def dehydrated_in_three_of_four(athlete):
    """A new athlete: dehydration behind 3 of 4 episodes; fatigue and too little recovery behind 2 each, in the calves.

    Before issue 18 the rest plans came first (recovery behind 50% put every rest plan ahead), and
    Post-training relaxation showed "supported": the grade of a stretch that eases a cramp in progress.
    """
    make_episode(athlete, days_ago=1, **FLUIDS, days_since_rest=8)
    make_episode(athlete, days_ago=2, **FLUIDS, minutes_into_session=75, session_rpe=8)
    make_episode(athlete, days_ago=3, **FLUIDS)
    make_episode(athlete, days_ago=4, **FATIGUE, days_since_rest=8)


# Prevention evidence apart from relief


def test_a_new_athlete_dehydrated_in_three_of_four_episodes_gets_the_fluids_plan_first(athlete, library):
    dehydrated_in_three_of_four(athlete)
    suggestions = suggest(athlete)
    first = suggestions[0]
    assert first.template.slug == "fluids-and-sodium-plan"
    assert "It targets the causes behind 3 of your 4 episodes in the last 28 days: dehydration (3)." in (
        first.explanation
    )
    assert "That includes your most common cause, dehydration." in first.explanation
    assert "Best prevention evidence behind it: supported." in first.explanation
    assert "%" not in first.explanation
    relaxation = next(p for p in suggest(athlete, limit=20) if p.template.slug == "post-training-relaxation")
    assert relaxation.grade != "supported", "the toe-pull stretch's 'supported' is for easing a cramp in progress"
    assert "one of your main causes, but not your most common, dehydration." in relaxation.explanation


def test_a_plan_whose_only_claim_on_a_cause_is_relief_does_not_target_it(athlete, causes):
    fatigue = causes["neuromuscular-fatigue"]
    toe_pull = make_exercise("toe-pull", target_area="calves", reps=None, hold_seconds=30)
    make_claim(toe_pull, fatigue, "supported", purpose="eases")
    make_template("relief-only", causes=[fatigue], exercises=[toe_pull])
    plan("conditioning", (fatigue, "weak"))
    log(athlete, 5, FATIGUE)
    assert slugs(suggest(athlete, limit=10)) == ["conditioning"]


def test_best_evidence_reads_prevention_claims_only(athlete, causes):
    fatigue = causes["neuromuscular-fatigue"]
    stretch = make_exercise("held-stretch", target_area="calves", reps=None, hold_seconds=30)
    make_claim(stretch, fatigue, "supported", purpose="eases")
    make_claim(stretch, causes["lack-of-recovery"], "weak")
    strength = make_exercise("calf-strength", target_area="calves")
    make_claim(strength, fatigue, "mixed")
    make_template("calf-plan", causes=[fatigue], exercises=[stretch, strength])
    log(athlete, 5, FATIGUE)
    (pick,) = suggest(athlete)
    assert pick.grade == "mixed"
    assert "Best prevention evidence behind it: mixed." in pick.explanation


def test_a_safety_rule_is_not_prevention_evidence_either(athlete, causes):
    rule = make_strategy("never-over-drink-habit")
    make_claim(rule, causes["dehydration"], "supported", purpose="safety")
    make_template("safety-only", causes=[causes["dehydration"]], habits=[rule])
    log(athlete, 5, FLUIDS)
    assert slugs(suggest(athlete)) == []


def test_habits_for_an_untargeted_cause_are_its_safety_rules_then_prevention_habits_never_relief(causes):
    dehydration = causes["dehydration"]
    make_claim(make_strategy("drink-to-a-plan"), dehydration, "supported")
    make_claim(make_strategy("sip-pickle-juice"), dehydration, "mixed", purpose="eases")
    make_claim(make_strategy("never-over-drink-rule"), dehydration, "supported", purpose="safety")
    habits = habits_for(dehydration, athlete_group="gym")
    assert [s.slug for s in habits] == ["never-over-drink-rule", "drink-to-a-plan"]
    assert habits[0].advice_claims[0].purpose == "safety"  # shown with its label, "Safety rule"


def test_the_insights_advice_ranks_by_prevention_shows_safety_rules_first_and_leaves_relief_out(athlete, causes):
    fatigue = causes["neuromuscular-fatigue"]
    make_claim(make_strategy("quick-stretch"), fatigue, "supported", purpose="eases")
    make_claim(make_strategy("planned-rest"), fatigue, "weak")
    make_claim(make_strategy("stop-when-it-hurts"), fatigue, "supported", purpose="safety")
    log(athlete, 5, FATIGUE)
    strategies, _exercises = advice_for(trigger_profile(episodes_in_window(athlete)), athlete_group="gym")
    assert [s.slug for s in strategies] == ["stop-when-it-hurts", "planned-rest"]
    assert [s.safety_rule for s in strategies] == [True, False]
    assert not any(s.not_recommended for s in strategies)


def test_the_insights_page_shows_a_safety_rule_beside_the_advice(athlete, athlete_client, causes):
    dehydration = causes["dehydration"]
    make_claim(make_strategy("drink-to-a-plan", name="Drink to a plan"), dehydration, "supported")
    make_claim(
        make_strategy("never-over-drink-rule", name="Never over-drink"), dehydration, "supported", purpose="safety"
    )
    log(athlete, 5, FLUIDS)
    page = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Never over-drink" in page
    assert "Safety rule" in page
    assert page.index("Never over-drink") < page.index("Drink to a plan")


# Ranking by the main causes


def test_a_plan_for_the_top_cause_beats_one_for_minor_causes_in_the_right_muscle(athlete, causes):
    # The calf plan covers as many episodes (fatigue 2, recovery 1), works the calves and has better evidence.
    plan("calf", (causes["neuromuscular-fatigue"], "supported"), (causes["lack-of-recovery"], "supported"))
    plan("fluids", (causes["dehydration"], "weak"), habit=True)
    log(athlete, 3, FLUIDS, muscle="hamstrings")
    log(athlete, 2, FATIGUE, muscle="calves")
    make_episode(athlete, days_ago=5, muscle="calves", **TIRED)
    suggestions = suggest(athlete)
    assert slugs(suggestions) == ["fluids", "calf"]
    assert suggestions[0].covered == suggestions[1].covered == 3
    assert "That includes your most common cause, dehydration." in suggestions[0].explanation
    assert "one of your main causes, but not your most common, dehydration" in suggestions[1].explanation


def test_a_plan_for_minor_causes_that_covers_more_episodes_does_not_jump_the_plan_for_the_top_cause(athlete, causes):
    # Dehydration is behind 4 of 10 episodes; three minor causes behind 2 each, in different episodes.
    plan("fluids", (causes["dehydration"], "weak"), habit=True)
    plan(
        "all-round",
        (causes["neuromuscular-fatigue"], "supported"),
        (causes["lack-of-conditioning"], "supported"),
        (causes["lack-of-recovery"], "supported"),
    )
    log(athlete, 4, FLUIDS)
    log(athlete, 2, FATIGUE)
    log(athlete, 2, {"setting": "training", "new_or_harder_training": True})
    log(athlete, 2, TIRED)
    suggestions = suggest(athlete)
    assert [(rec.template.slug, rec.covered) for rec in suggestions] == [("fluids", 4), ("all-round", 6)]


def test_prevention_evidence_decides_before_the_muscles(athlete, causes):
    plan("calf-weak", (causes["neuromuscular-fatigue"], "weak"), muscle="calves")
    plan("hamstring-supported", (causes["neuromuscular-fatigue"], "supported"), muscle="hamstrings")
    log(athlete, 5, FATIGUE, muscle="calves")
    assert slugs(suggest(athlete)) == ["hamstring-supported", "calf-weak"]


def test_a_rest_plan_does_not_jump_the_plan_for_the_most_common_cause(athlete, causes):
    # Recovery is behind 2 of 5 (40%): load waits, but the plan for dehydration (3 of 5) still leads.
    plan("rest", (causes["lack-of-recovery"], "supported"), habit=True)
    plan("fluids", (causes["dehydration"], "mixed"), habit=True)
    plan("load", (causes["lack-of-conditioning"], "supported"), (causes["lack-of-recovery"], "weak"))
    log(athlete, 3, FLUIDS)
    log(athlete, 2, TIRED | {"new_or_harder_training": True})
    suggestions = suggest(athlete)
    assert slugs(suggestions) == ["fluids", "rest", "load"]
    assert "It adds training load, so it comes after rest and recovery." in suggestions[2].explanation


def test_tied_most_common_causes_are_both_named(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    plan("fatigue", (causes["neuromuscular-fatigue"], "supported"))
    log(athlete, 3, FLUIDS)
    log(athlete, 3, FATIGUE)
    first = suggest(athlete)[0]
    assert "among your most common causes (dehydration and neuromuscular fatigue)" in first.explanation


# Claims no bigger than the data


def test_two_episodes_are_worth_trying_with_counts_and_no_percentage(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 2, FLUIDS)
    suggestions = suggest(athlete)
    pick = suggestions[0]
    assert pick.worth_trying
    assert suggestions.worth_trying
    assert pick.explanation.startswith(
        "Worth trying: too few episodes yet to call it a finding. "
        "Early signs from 2 episodes: 3 more episodes would make a pattern. "
        "It targets the causes behind 2 of your 2 episodes in the last 28 days: dehydration (2)."
    )
    assert "%" not in pick.explanation


@pytest.mark.parametrize(("episodes", "worth_trying", "more"), [(4, True, "1 more episode "), (5, False, None)])
def test_five_episodes_make_a_pattern_and_four_do_not(athlete, causes, episodes, worth_trying, more):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, episodes, FLUIDS)
    pick = suggest(athlete)[0]
    assert pick.worth_trying is worth_trying
    assert ("Worth trying" in pick.explanation) is worth_trying
    if more:
        assert more in pick.explanation


def test_quick_logs_without_details_do_not_count_towards_a_pattern(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 2, FLUIDS)
    log(athlete, 4, {"setting": "training"})  # no context: points to no cause
    pick = suggest(athlete)[0]
    assert pick.worth_trying
    assert "Early signs from 2 episodes" in pick.explanation
    assert "behind 2 of your 6 episodes" in pick.explanation


def test_the_routine_page_marks_early_suggestions_worth_trying(athlete_client, athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 2, FLUIDS)
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert "Worth trying" in body
    assert "3 more episodes would make a pattern" in body
    assert "Ordered by how well each plan covers your main causes" in body


# Day-level links reach the suggestions


def quick_log_on(athlete, day):
    """A two-tap log at 13:00 on `day`, the athlete's local date: no setting, no context."""
    zone = zone_of(athlete)
    moment = timezone.make_aware(datetime.combine(day, time(13, 0)), zone)
    return CrampEpisode.objects.create(athlete=athlete, occurred_at=moment, muscle="calves", severity=5)


def low_fluid_days_cramp_more_and_every_cramp_was_quick_logged(athlete):
    """Check-ins: cramps on 5 of 9 low-fluid days against 1 of 20 other days; each cramp a context-free quick log."""
    days = [{"cramped": i < 5, "fluids": "low"} for i in range(9)]
    days += [{"cramped": i < 1, "fluids": "normal"} for i in range(20)]
    history(athlete, days)
    today = local_today(athlete)
    for back in (1, 2, 3, 4, 5, 10):
        quick_log_on(athlete, today - timedelta(days=back))


def test_a_low_fluid_link_in_the_check_ins_suggests_the_fluids_plan_when_no_episode_has_details(athlete, library):
    low_fluid_days_cramp_more_and_every_cramp_was_quick_logged(athlete)
    assert suggest(athlete).picks == []  # without the day links, no episode points anywhere
    suggestions = suggest(athlete, day_links=day_analysis(athlete).linked_causes())
    first = suggestions[0]
    assert first.template.slug == "fluids-and-sodium-plan"
    assert not first.worth_trying
    assert (
        "Your check-ins link low fluids to cramp days (5 of 9 low-fluid days against 1 of 20 other days): "
        "it targets dehydration." in first.explanation
    )
    assert "None of your episodes in the last 28 days points to a cause it targets." in first.explanation


def test_the_routine_page_suggests_the_plan_the_check_ins_point_to(athlete_client, athlete, library):
    low_fluid_days_cramp_more_and_every_cramp_was_quick_logged(athlete)
    response = athlete_client.get(reverse("athletes:routine"))
    body = response.content.decode()
    assert slugs(response.context["suggestions"])[0] == "fluids-and-sodium-plan"
    assert "No plan in the library fits your episodes yet" not in body
    assert "Your check-ins link low fluids to cramp days (5 of 9 low-fluid days against 1 of 20 other days)" in body


# Words for whoever reads


def test_the_athlete_reads_about_their_own_episodes_in_the_second_person(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True, athlete_group="sports")
    log(athlete, 5, FLUIDS)
    text = suggest(athlete)[0].explanation
    assert "of your 5 episodes" in text
    assert "Made for sports athletes, not your group." in text
    assert "this athlete" not in text
    assert "Alex" not in text


def test_the_coach_reads_about_the_athlete_by_name_in_the_third_person(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True, athlete_group="sports")
    log(athlete, 2, FLUIDS)
    text = suggest(athlete, about="Alex")[0].explanation
    assert "It targets the causes behind 2 of Alex's 2 episodes in the last 28 days" in text
    assert "That includes Alex's most common cause, dehydration." in text
    assert "Made for sports athletes, not Alex's group." in text
    assert "your" not in text.lower().replace("worth trying", "")


def test_the_self_coached_athletes_page_says_your_and_the_coachs_page_names_the_athlete(
    client, coach, athlete, library
):
    dehydrated_in_three_of_four(athlete)
    client.force_login(athlete)
    own = client.get(reverse("athletes:routine")).content.decode()
    assert "It targets the causes behind 3 of your 4 episodes" in own
    link(coach, athlete)
    client.force_login(coach)
    coach_page = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    name = athlete.display_name
    assert f"It targets the causes behind 3 of {name}&#x27;s 4 episodes" in coach_page
    assert f"Ordered by how well each plan covers {name}'s main causes" in coach_page
    assert "of your 4 episodes" not in coach_page
