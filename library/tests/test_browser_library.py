import pytest
from playwright.sync_api import expect

from conftest import log_in

from .factories import make_cause, make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_athlete_filters_exercises_by_area_and_opens_one(page, live_server, athlete):
    fatigue = make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue")
    make_exercise("slow-calf-raises", name="Slow calf raises", causes=[fatigue], dose_text="15–20 reps × 3 sets")
    make_exercise(
        "hamstring-bridges", name="Hamstring bridges", target_area="hamstrings", dose_text="Hold 10–20s × 5–8"
    )

    log_in(page, live_server.url, athlete.username)
    page.get_by_role("link", name="Library").click()
    page.get_by_role("link", name="Exercises").click()
    expect(page.get_by_role("link", name="Hamstring bridges")).to_be_visible()

    page.get_by_label("Target area").select_option(label="Calves")
    expect(page.get_by_role("link", name="Hamstring bridges")).to_be_hidden()
    expect(page).to_have_url(f"{live_server.url}/library/exercises/?area=calves&cause=")

    page.get_by_role("link", name="Slow calf raises").click()
    expect(page.get_by_role("heading", name="Slow calf raises")).to_be_visible()
    expect(page.get_by_text("15–20 reps × 3 sets")).to_be_visible()
