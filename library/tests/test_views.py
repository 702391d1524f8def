import pytest
from django.urls import reverse

from conftest import count_queries
from library.models import RedFlag

from .factories import make_cause, make_claim, make_exercise, make_reference, make_strategy, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    fatigue = make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue")
    nerves = make_cause("circulation-and-nerves", name="Poor circulation and nerve irritation")
    ref = make_reference(citation="Miller et al. 2022", evidence_note="Stretching helps.")
    calf = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[fatigue], dose_text="15–20 reps × 3 sets")
    calf.references.add(ref)
    glide = make_exercise("nerve-glides", name="Nerve glides", target_area="nerves", causes=[nerves])
    make_strategy("hydration-plan", name="Hydration plan", causes=[fatigue], caution="Do not over-drink.")
    make_template("calf-endurance", name="Calf endurance", causes=[fatigue], exercises=[calf, glide])
    RedFlag.objects.create(slug="numbness", title="Numbness with cramps", guidance="See a GP.", urgency="soon")
    return {"calf": calf, "glide": glide, "fatigue": fatigue}


def test_the_library_lists_causes_with_what_addresses_them(athlete_client, library):
    body = athlete_client.get(reverse("library:index")).content.decode()
    assert "Neuromuscular fatigue" in body
    assert "1 exercise, 1 strategy" in body
    assert "Numbness with cramps" in body


def test_a_cause_page_shows_its_exercises_strategies_and_routines(coach_client, library):
    body = coach_client.get(reverse("library:cause-detail", args=["neuromuscular-fatigue"])).content.decode()
    assert "Slow calf raises" in body
    assert "Hydration plan" in body
    assert "Do not over-drink." in body
    assert "Calf endurance" in body


def test_it_filters_exercises_by_target_area(athlete_client, library):
    body = athlete_client.get(reverse("library:exercise-list"), {"area": "nerves"}).content.decode()
    assert "Nerve glides" in body
    assert "Slow calf raises" not in body


def test_it_filters_exercises_by_cause(athlete_client, library):
    body = athlete_client.get(reverse("library:exercise-list"), {"cause": "neuromuscular-fatigue"}).content.decode()
    assert "Slow calf raises" in body
    assert "Nerve glides" not in body


def test_an_unknown_filter_value_shows_everything_with_the_error(athlete_client, library):
    response = athlete_client.get(reverse("library:exercise-list"), {"area": "elbows"})
    body = response.content.decode()
    assert "Slow calf raises" in body
    assert "Nerve glides" in body
    assert "Select a valid choice" in body


def test_an_htmx_filter_returns_only_the_results(athlete_client, library):
    response = athlete_client.get(reverse("library:exercise-list"), {"area": "calves"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "Slow calf raises" in body
    assert "Nerve glides" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(athlete_client, library):
    response = athlete_client.get(
        reverse("library:exercise-list"),
        {"area": "calves"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_an_exercise_page_shows_how_to_dose_causes_and_evidence(athlete_client, library):
    body = athlete_client.get(reverse("library:exercise-detail", args=["slow-calf-raises"])).content.decode()
    assert "15–20 reps × 3 sets" in body
    assert "Do it slowly." in body
    assert "Neuromuscular fatigue" in body
    assert "Miller et al. 2022" in body
    assert "Calf endurance" in body


def test_a_routine_page_lists_its_items_in_order(athlete_client, library):
    body = athlete_client.get(reverse("library:routine-detail", args=["calf-endurance"])).content.decode()
    assert body.index("Slow calf raises") < body.index("Nerve glides")


def test_unknown_library_items_are_404(athlete_client, library):
    for name in ("library:cause-detail", "library:exercise-detail", "library:routine-detail"):
        assert athlete_client.get(reverse(name, args=["no-such-thing"])).status_code == 404


def test_visitors_must_log_in_to_read_the_library(client, library):
    response = client.get(reverse("library:exercise-detail", args=["slow-calf-raises"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_content_is_escaped(athlete_client, library):
    make_exercise("xss", name="<script>alert(1)</script>")
    body = athlete_client.get(reverse("library:exercise-list")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def _grow_library(times):
    causes = [make_cause() for _ in range(times)]
    for cause in causes:
        exercise = make_exercise(causes=[cause])
        exercise.references.add(make_reference())
        make_strategy(causes=[cause])
        make_template(causes=[cause], exercises=[exercise])


@pytest.mark.parametrize(
    "url",
    [
        reverse("library:index"),
        reverse("library:exercise-list"),
        reverse("library:strategy-list"),
        reverse("library:routine-list"),
    ],
)
def test_library_pages_query_count_does_not_grow_with_content(athlete_client, url):
    _grow_library(2)
    small = count_queries(athlete_client, url)
    _grow_library(20)
    assert count_queries(athlete_client, url) == small


# Evidence per claim -----------------------------------------------------------


@pytest.fixture
def night():
    cause = make_cause("nocturnal-cramps", name="Night-time cramps")
    minerals = make_cause("mineral-imbalance", name="Mineral imbalance")
    garrison = make_reference(citation="Garrison SR et al. Magnesium for skeletal muscle cramps. 2020")
    magnesium = make_strategy("magnesium", name="Magnesium supplement", kind="supplement")
    make_claim(magnesium, cause, "contradicted", garrison, note="Unlikely to help night cramps in older adults.")
    make_claim(magnesium, minerals, "weak", garrison, note="Never tested for exercise cramps.")
    k2 = make_strategy("vitamin-k2", name="Vitamin K2", kind="supplement")
    make_claim(k2, cause, "supported", note="One trial in 199 older adults.")
    stretch = make_exercise("toe-pull", name="Toe-pull stretch", reps=3, hold_seconds=30)
    make_claim(stretch, cause, "mixed", note="One trial helped, a larger one did not.")
    toes = make_exercise("toe-yoga", name="Toe yoga")
    make_claim(toes, cause, note="Nobody has tested it.")
    make_template(
        "night-cramp-plan",
        name="Night-cramp plan",
        causes=[cause],
        exercises=[stretch],
        habits=[(k2, "Only after talking to your doctor: 180 µg a day")],
    )
    return cause


def test_the_cause_page_lists_items_best_evidence_first_and_contradicted_last(athlete_client, night):
    body = athlete_client.get(reverse("library:cause-detail", args=["nocturnal-cramps"])).content.decode()
    assert body.index("Vitamin K2") < body.index("Magnesium supplement")
    assert body.index("Toe-pull stretch") < body.index("Toe yoga")
    assert "Contradicted" in body
    assert "Unlikely to help night cramps in older adults." in body
    assert "No study found" in body


def test_the_strategies_list_grades_each_cause_separately(athlete_client, night):
    body = athlete_client.get(reverse("library:strategy-list")).content.decode()
    magnesium = body[body.index("Magnesium supplement") :]
    assert "Contradicted" in magnesium
    assert "Weak" in magnesium
    assert "Garrison SR" in magnesium
    assert "Supported evidence" not in body


def test_an_exercise_page_shows_each_claim_with_grade_note_and_reference(athlete_client, night):
    body = athlete_client.get(reverse("library:exercise-detail", args=["toe-pull"])).content.decode()
    assert "Night-time cramps" in body
    assert "Mixed" in body
    assert "One trial helped, a larger one did not." in body
    assert "Author" in body  # the claim's reference


def test_an_exercise_nobody_has_tested_says_so_plainly(athlete_client, night):
    body = athlete_client.get(reverse("library:exercise-detail", args=["toe-yoga"])).content.decode()
    assert "No study found" in body
    assert "Supported" not in body


def test_the_exercise_list_shows_the_grade_beside_each_cause(athlete_client, night):
    body = athlete_client.get(reverse("library:exercise-list")).content.decode()
    assert "Night-time cramps: " in body
    assert "Mixed" in body


def test_a_plan_template_page_shows_exercises_and_habits_with_dose_and_grade(athlete_client, night):
    body = athlete_client.get(reverse("library:routine-detail", args=["night-cramp-plan"])).content.decode()
    assert "Toe-pull stretch" in body
    assert "Vitamin K2" in body
    assert "Habit" in body
    assert "Only after talking to your doctor: 180 µg a day" in body
    assert "Supported" in body
    assert "Mixed" in body


def test_made_up_query_strings_are_not_kept_but_the_filters_are(athlete_client, library):
    from django.core.cache import cache

    url = reverse("library:exercise-list")
    athlete_client.get(url)
    kept_before = len(cache._cache)
    for n in range(5):
        assert athlete_client.get(url, {"junk": n}).status_code == 200
        assert athlete_client.get(url, {"area": f"nowhere-{n}"}).status_code == 200
        assert athlete_client.get(url, {"cause": f"no-such-cause-{n}"}).status_code == 200
    assert len(cache._cache) == kept_before
    athlete_client.get(url, {"area": "calves"})
    assert len(cache._cache) == kept_before + 1
