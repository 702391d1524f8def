"""The ranking's rules, each on a small library built for the case."""

import pytest

from athletes.insights import episodes_in_window
from athletes.recommend import recommend
from library.tests.factories import make_cause, make_claim, make_exercise, make_strategy, make_template

from .factories import make_episode

pytestmark = pytest.mark.django_db

# Each context gives a setting, so the small-hours night rule never depends on the clock.
FLUIDS = {"setting": "training", "fluid_intake": "none"}
SWEAT = {"setting": "training", "heavy_sweating": True}
FATIGUE = {"setting": "training", "minutes_into_session": 75, "session_rpe": 8}
NIGHT = {"setting": "night"}
TIRED = {"setting": "training", "days_since_rest": 8}
NEW_LOAD = {"setting": "training", "new_or_harder_training": True}


@pytest.fixture
def causes():
    return {
        slug: make_cause(slug, name=name)
        for slug, name in [
            ("dehydration", "Dehydration"),
            ("sodium-loss", "Sodium loss"),
            ("neuromuscular-fatigue", "Neuromuscular fatigue"),
            ("nocturnal-cramps", "Night-time cramps"),
            ("lack-of-recovery", "Lack of recovery"),
            ("lack-of-conditioning", "Lack of conditioning"),
        ]
    }


def plan(slug, *claims, muscle="lower_body", habit=False, **fields):
    """A one-item plan whose item claims (cause, grade) pairs."""
    if habit:
        item = make_strategy(f"{slug}-habit")
    else:
        item = make_exercise(f"{slug}-exercise", target_area=muscle, reps=None, hold_seconds=30)
    for cause, grade in claims:
        make_claim(item, cause, grade)
    return make_template(
        slug, causes=[c for c, _ in claims], **({"habits": [item]} if habit else {"exercises": [item]}), **fields
    )


def log(athlete, count, context, **fields):
    for i in range(count):
        make_episode(athlete, days_ago=i % 20, **context, **fields)


def ranked(athlete, group="gym", limit=10):
    return [r.template.slug for r in recommend(episodes_in_window(athlete), athlete_group=group, limit=limit)]


def test_no_episodes_means_no_suggestion(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    assert ranked(athlete) == []


def test_plans_that_cover_nothing_are_not_suggested(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    plan("night", (causes["nocturnal-cramps"], "mixed"))
    log(athlete, 2, NIGHT)
    assert ranked(athlete) == ["night"]


def test_the_plan_covering_most_episodes_comes_first(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), (causes["sodium-loss"], "mixed"), habit=True)
    plan("night", (causes["nocturnal-cramps"], "mixed"))
    log(athlete, 3, FLUIDS)
    log(athlete, 2, SWEAT)
    log(athlete, 1, NIGHT)
    assert ranked(athlete) == ["fluids", "night"]


def test_a_narrow_plan_is_never_first_while_another_covers_more(athlete, causes):
    # The calf plan works the muscle and suits the group, but covers 1 of 8 episodes.
    plan("calf", (causes["neuromuscular-fatigue"], "supported"), muscle="calves", athlete_group="gym")
    plan("fluids", (causes["dehydration"], "weak"), habit=True, athlete_group="sports")
    log(athlete, 7, FLUIDS, muscle="calves")
    log(athlete, 1, FATIGUE, muscle="calves")
    assert ranked(athlete)[0] == "fluids"


def test_a_contradicted_claim_targets_nothing(athlete, causes):
    plan("magnesium", (causes["nocturnal-cramps"], "contradicted"), habit=True)
    plan("stretch", (causes["nocturnal-cramps"], "mixed"))
    log(athlete, 3, NIGHT)
    assert ranked(athlete) == ["stretch"]


def test_both_main_causes_appear_in_the_top_three(athlete, causes):
    # Three fatigue plans cover the 5 fatigue episodes; only the night plan covers the other 3.
    for slug in ("fatigue-a", "fatigue-b", "fatigue-c"):
        plan(slug, (causes["neuromuscular-fatigue"], "supported"))
    plan("night", (causes["nocturnal-cramps"], "weak"))
    log(athlete, 5, FATIGUE)
    log(athlete, 3, NIGHT)
    top = ranked(athlete, limit=3)
    assert "night" in top
    assert top[0].startswith("fatigue")


def test_a_second_cause_under_thirty_percent_is_not_forced_in(athlete, causes):
    for slug in ("fatigue-a", "fatigue-b", "fatigue-c"):
        plan(slug, (causes["neuromuscular-fatigue"], "supported"))
    plan("night", (causes["nocturnal-cramps"], "weak"))
    log(athlete, 8, FATIGUE)
    log(athlete, 2, NIGHT)
    assert "night" not in ranked(athlete, limit=3)


def test_recovery_comes_before_load(athlete, causes):
    plan(
        "conditioning",
        (causes["lack-of-conditioning"], "mixed"),
        (causes["lack-of-recovery"], "mixed"),
        muscle="calves",
        athlete_group="gym",
    )
    plan("rest", (causes["lack-of-recovery"], "supported"), habit=True)
    log(athlete, 5, TIRED | NEW_LOAD, muscle="calves")
    picks = recommend(episodes_in_window(athlete), athlete_group="gym")
    assert [p.template.slug for p in picks] == ["rest", "conditioning"]
    assert not picks[0].adds_load
    assert picks[1].adds_load
    assert "adds training load, so it comes after rest and recovery" in picks[1].explanation


def test_load_is_not_held_back_without_a_recovery_problem(athlete, causes):
    plan("conditioning", (causes["lack-of-conditioning"], "mixed"), muscle="calves")
    plan("rest", (causes["lack-of-recovery"], "supported"), (causes["lack-of-conditioning"], "none"), habit=True)
    log(athlete, 5, NEW_LOAD, muscle="calves")
    assert ranked(athlete)[0] == "conditioning"


def test_among_equal_coverage_the_muscle_that_cramps_decides(athlete, causes):
    plan("ham", (causes["neuromuscular-fatigue"], "mixed"), muscle="hamstrings")
    plan("calf", (causes["neuromuscular-fatigue"], "mixed"), muscle="calves")
    log(athlete, 3, FATIGUE, muscle="hamstrings")
    assert ranked(athlete) == ["ham", "calf"]
    log(athlete, 4, FATIGUE, muscle="calves")
    assert ranked(athlete) == ["calf", "ham"]


def test_a_whole_leg_stretch_does_not_count_as_working_every_muscle(athlete, causes):
    plan("stretch", (causes["nocturnal-cramps"], "mixed"), muscle="lower_body")
    log(athlete, 1, NIGHT, muscle="calves")
    assert recommend(episodes_in_window(athlete), athlete_group="gym")[0].muscle_matches == 0


def test_then_the_athletes_group_decides(athlete, causes):
    plan("rest-gym", (causes["lack-of-recovery"], "mixed"), habit=True, athlete_group="gym")
    plan("rest-all", (causes["lack-of-recovery"], "mixed"), habit=True, athlete_group="all")
    plan("rest-sports", (causes["lack-of-recovery"], "mixed"), habit=True, athlete_group="sports")
    log(athlete, 2, TIRED)
    assert ranked(athlete, "gym") == ["rest-gym", "rest-all", "rest-sports"]
    assert ranked(athlete, "sports") == ["rest-sports", "rest-all", "rest-gym"]


def test_then_the_evidence_grade_decides_never_the_library_order(athlete, causes):
    # Made in the worst order: the library's order would put the weakest first.
    plan("none", (causes["dehydration"], "none"), habit=True, order=1)
    plan("weak", (causes["dehydration"], "weak"), habit=True, order=2)
    plan("supported", (causes["dehydration"], "supported"), habit=True, order=3)
    log(athlete, 2, FLUIDS)
    assert ranked(athlete) == ["supported", "weak", "none"]


def test_suspicions_count_as_well_as_inferences(athlete, causes):
    plan("night", (causes["nocturnal-cramps"], "mixed"))
    make_episode(athlete, setting="training", suspected=[causes["nocturnal-cramps"]])
    assert ranked(athlete) == ["night"]


def test_the_explanation_says_which_causes_and_how_many_episodes(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), (causes["sodium-loss"], "mixed"), habit=True)
    plan("night", (causes["nocturnal-cramps"], "mixed"), muscle="hamstrings")
    log(athlete, 6, FLUIDS | SWEAT, muscle="hamstrings")
    log(athlete, 1, FLUIDS, muscle="hamstrings")
    log(athlete, 1, NIGHT, muscle="calves")
    top = recommend(episodes_in_window(athlete), athlete_group="gym")[0]
    assert top.template.slug == "fluids"
    assert top.explanation.startswith(
        "It targets the causes behind 7 of your 8 episodes in the last 28 days: dehydration (7) and sodium loss (6)."
        " That includes your most common cause, dehydration."
    )
    assert "Best prevention evidence behind it: supported." in top.explanation
    assert "%" not in top.explanation


def test_it_names_the_main_cause_no_plan_targets(athlete, causes):
    plan("night", (causes["nocturnal-cramps"], "mixed"))
    log(athlete, 5, FLUIDS)
    log(athlete, 1, NIGHT)
    suggestions = recommend(episodes_in_window(athlete), athlete_group="gym")
    assert [p.template.slug for p in suggestions] == ["night"]
    assert suggestions.untargeted == [causes["dehydration"]]


def test_it_names_nothing_when_every_main_cause_has_a_plan(athlete, causes):
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 5, FLUIDS)
    assert recommend(episodes_in_window(athlete), athlete_group="gym").untargeted == []


def test_the_coachs_page_says_when_no_plan_targets_the_main_cause_and_lists_habits_that_do(
    coach_client, coach, athlete, causes
):
    from django.urls import reverse

    from .coaching import link

    link(coach, athlete)
    plan("night", (causes["nocturnal-cramps"], "mixed"))
    make_claim(make_strategy("drink-to-a-plan", name="Drink to a plan"), causes["dehydration"], "supported")
    log(athlete, 5, FLUIDS)
    log(athlete, 1, NIGHT)
    body = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "No plan in the library targets <strong>dehydration</strong>" in body
    assert "These habits do:" in body
    assert "Drink to a plan" in body
    assert f"It targets the causes behind 1 of {athlete.display_name}&#x27;s 6 episodes" in body


def test_the_coach_is_told_to_make_sure_of_care_first_when_a_flag_is_urgent(coach_client, coach, athlete, causes):
    from django.urls import reverse

    from .coaching import link

    link(coach, athlete)
    plan("fluids", (causes["dehydration"], "supported"), habit=True)
    log(athlete, 2, FLUIDS)
    url = reverse("athletes:coach-athlete", args=[athlete.pk])
    assert "A plan does not replace seeing a healthcare professional" not in coach_client.get(url).content.decode()
    make_episode(athlete, setting="training", leg_swelling=True, side="left")
    assert "A plan does not replace seeing a healthcare professional" in coach_client.get(url).content.decode()
