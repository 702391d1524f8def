import pytest

from athletes.insights import episodes_in_window
from athletes.recommend import recommend
from library.tests.factories import make_cause, make_exercise, make_template

from .factories import make_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    causes = {
        slug: make_cause(slug, name=name)
        for slug, name in [
            ("dehydration", "Dehydration"),
            ("sodium-loss", "Sodium loss"),
            ("neuromuscular-fatigue", "Neuromuscular fatigue"),
            ("nocturnal-cramps", "Night-time cramps"),
            ("lack-of-recovery", "Lack of recovery"),
        ]
    }
    calf = make_exercise("calf", target_area="calves")
    ham = make_exercise("ham", target_area="hamstrings")
    stretch = make_exercise("stretch", target_area="lower_body", reps=None, hold_seconds=45)
    templates = {
        "fluids": make_template("fluids", causes=[causes["dehydration"], causes["sodium-loss"]], exercises=[ham]),
        "fatigue": make_template("fatigue", causes=[causes["neuromuscular-fatigue"]], exercises=[calf]),
        "fatigue-ham": make_template("fatigue-ham", causes=[causes["neuromuscular-fatigue"]], exercises=[ham]),
        "night": make_template("night", causes=[causes["nocturnal-cramps"]], exercises=[stretch]),
        "recovery-gym": make_template(
            "recovery-gym", causes=[causes["lack-of-recovery"]], exercises=[stretch], athlete_group="gym"
        ),
        "recovery-sports": make_template(
            "recovery-sports", causes=[causes["lack-of-recovery"]], exercises=[stretch], athlete_group="sports"
        ),
    }
    return templates


# Episodes below give a setting where the time of day must not matter: one logged
# between midnight and 6 am with no setting counts as a night cramp.


def ranked(athlete, group="gym"):
    return [r.template.slug for r in recommend(episodes_in_window(athlete), athlete_group=group, limit=10)]


def test_the_template_covering_most_episodes_comes_first(athlete, library):
    for _ in range(3):
        make_episode(athlete, fluid_intake="none", heavy_sweating=True, setting="training")
    make_episode(athlete, setting="night")
    assert ranked(athlete)[:2] == ["fluids", "night"]


def test_templates_that_cover_nothing_are_not_suggested(athlete, library):
    make_episode(athlete, setting="night")
    assert ranked(athlete) == ["night"]


def test_no_episodes_means_no_suggestion(athlete, library):
    assert ranked(athlete) == []


def test_the_muscles_that_cramp_break_a_tie(athlete, library):
    make_episode(athlete, muscle="calves", minutes_into_session=80, session_rpe=8)
    make_episode(athlete, muscle="calves", minutes_into_session=70, session_rpe=9)
    assert ranked(athlete)[:2] == ["fatigue", "fatigue-ham"]
    make_episode(athlete, muscle="hamstrings", minutes_into_session=70, session_rpe=9, days_ago=1)
    make_episode(athlete, muscle="hamstrings", minutes_into_session=70, session_rpe=9, days_ago=1)
    make_episode(athlete, muscle="hamstrings", minutes_into_session=70, session_rpe=9, days_ago=1)
    assert ranked(athlete)[:2] == ["fatigue-ham", "fatigue"]


def test_the_athletes_group_is_preferred(athlete, library):
    make_episode(athlete, days_since_rest=9, setting="training")
    assert ranked(athlete, "gym") == ["recovery-gym", "recovery-sports"]
    assert ranked(athlete, "sports") == ["recovery-sports", "recovery-gym"]


def test_suspicions_count_as_well_as_inferences(athlete, library):
    make_episode(athlete, suspected=[library["night"].causes.get()])
    assert ranked(athlete) == ["night"]


def test_the_explanation_says_which_causes_and_how_many_episodes(athlete, library):
    for _ in range(6):
        make_episode(athlete, fluid_intake="low", muscle="hamstrings", setting="training")
    make_episode(athlete, setting="night")
    make_episode(athlete, setting="night")
    top = recommend(episodes_in_window(athlete), athlete_group="gym")[0]
    assert top.template.slug == "fluids"
    assert top.explanation.startswith("Targets Dehydration, behind 6 of this athlete's 8 episodes in 28 days.")
    assert "Works the hamstrings, where 6 of them happened." in top.explanation


def test_a_whole_leg_stretch_does_not_count_as_working_every_muscle(athlete, library):
    make_episode(athlete, muscle="calves", setting="night")
    assert recommend(episodes_in_window(athlete), athlete_group="gym")[0].muscle_matches == 0
