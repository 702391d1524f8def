import pytest
from django.urls import reverse

from conftest import count_queries
from library.models import RedFlag

from .factories import make_cause, make_exercise, make_reference, make_strategy, make_template

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
