import pytest
from django.urls import reverse

from athletes.models import CrampEpisode
from conftest import count_queries
from library.models import RedFlag
from library.tests.factories import make_cause, make_exercise, make_strategy

from .factories import make_episode, make_episodes

pytestmark = pytest.mark.django_db

EPISODE_URLS = ["athletes:episode-edit", "athletes:episode-delete"]


@pytest.fixture
def episode(athlete):
    return make_episode(athlete, severity=4, notes="mine")


@pytest.mark.parametrize("name", EPISODE_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("intruder", ["other_athlete", "coach"])
def test_other_people_get_404_on_an_episode_and_change_nothing(client, request, episode, name, method, intruder):
    client.force_login(request.getfixturevalue(intruder))
    response = getattr(client, method)(
        reverse(name, args=[episode.pk]), {"muscle": "feet", "severity": "9"} if method == "post" else None
    )
    assert response.status_code == 404
    episode.refresh_from_db()
    assert (episode.muscle, episode.severity, episode.notes) == ("calves", 4, "mine")


@pytest.mark.parametrize("name", EPISODE_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_on_an_episode(client, episode, name, method):
    response = getattr(client, method)(reverse(name, args=[episode.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert CrampEpisode.objects.filter(pk=episode.pk, severity=4).exists()


@pytest.mark.parametrize(
    "name", ["athletes:episode-list", "athletes:insights", "athletes:episode-create", "athletes:quick-log"]
)
def test_coaches_do_not_get_athlete_pages(coach_client, name):
    response = coach_client.post(reverse(name)) if name.endswith("quick-log") else coach_client.get(reverse(name))
    assert response.status_code == 404
    assert CrampEpisode.objects.count() == 0


def test_history_shows_only_my_episodes(athlete_client, athlete, other_athlete):
    make_episode(athlete, notes="mine")
    make_episode(other_athlete, notes="theirs")
    body = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    assert "mine" in body
    assert "theirs" not in body


def test_insights_show_trend_where_when_triggers_and_advice(athlete_client, athlete):
    dehydration = make_cause("dehydration", name="Dehydration")
    make_strategy("drink-plan", name="Drink to a plan", causes=[dehydration], athlete_group="all")
    make_strategy("sports-only", name="Sports-only advice", causes=[dehydration], athlete_group="sports")
    make_exercise("calf-raises", name="Calf raises", causes=[dehydration])
    make_episode(athlete, fluid_intake="none", setting="training", muscle="hamstrings", days_ago=1)
    make_episode(athlete, fluid_intake="low", setting="night", days_ago=3)

    body = athlete_client.get(reverse("athletes:insights")).content.decode()

    assert "<svg" in body
    assert "Episodes per week" in body
    assert "Hamstrings" in body
    assert "At night in bed" in body
    assert "Dehydration" in body
    # Two episodes are early signs: counted, not shared out as "2 of 2" (issue 18).
    assert "2 of 2 episodes" not in body
    assert "Early signs from 2 episodes: 3 more episodes would make a pattern." in body
    assert "little fluid in the hours before (session length not logged) (1×)" in body  # the training cramp
    assert "little fluid in the hours before (1×)" in body  # the night cramp: no session to name
    assert "Drink to a plan" in body
    assert "Sports-only advice" not in body  # the athlete profile says gym
    assert "Calf raises" in body


def test_insights_say_so_when_only_habits_address_the_causes(athlete_client, athlete):
    dehydration = make_cause("dehydration", name="Dehydration")
    make_strategy("drink-plan", name="Drink to a plan", causes=[dehydration], athlete_group="all")
    make_episode(athlete, fluid_intake="none", setting="training", days_ago=1)
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Drink to a plan" in body
    assert "No exercise works on these causes: for them, the habits are what helps." in body


def test_insights_with_no_episodes_explain_what_to_do(athlete_client):
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "No episodes in the last 28 days" in body


def test_a_warning_sign_shows_a_see_a_professional_notice_on_log_and_insights(athlete_client, athlete):
    RedFlag.objects.create(
        slug="dark-urine", title="Dark urine after exercise", guidance="Ask for a CK test.", urgency="same_day"
    )
    make_episode(athlete, dark_urine=True, session_rpe=8)  # after hard exercise
    for name in ("athletes:episode-list", "athletes:insights"):
        body = athlete_client.get(reverse(name)).content.decode()
        assert "Seek care today: 1 warning sign</strong> — see a healthcare professional" in body
        assert "Dark urine after exercise" in body
        assert "Ask for a CK test." in body


def test_the_notice_appears_right_after_saving_an_episode(athlete_client, athlete):
    import uuid

    make_episodes(athlete, 1, duration_minutes=15)
    response = athlete_client.post(
        reverse("athletes:quick-log"),
        {"muscle": "calves", "severity": "5", "idempotency_key": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "see a healthcare professional" in body
    assert "A cramp lasting more than 10 minutes" in body


@pytest.mark.parametrize("name", ["athletes:episode-list", "athletes:insights"])
def test_history_and_insights_use_the_same_queries_for_10_and_200_episodes(athlete_client, athlete, name):
    fatigue = make_cause("neuromuscular-fatigue")
    make_strategy(causes=[fatigue])
    make_exercise(causes=[fatigue])
    context = {"minutes_into_session": 80, "session_rpe": 8, "suspected": [fatigue], "dark_urine": True}
    make_episodes(athlete, 10, **context)
    small = count_queries(athlete_client, reverse(name))
    make_episodes(athlete, 190, **context)
    large = count_queries(athlete_client, reverse(name))
    assert small == large
    assert large <= 14  # insights: + the day analysis (check-ins, the 90 days' episodes)
