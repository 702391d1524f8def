import pytest
from django.core.management import CommandError, call_command

from athletes.models import CoachLink, CrampEpisode, RoutineAssignment, RoutineSession, User

pytestmark = pytest.mark.django_db

MODELS = [User, CrampEpisode, CoachLink, RoutineAssignment, RoutineSession]


def test_demo_data_is_refused_outside_local_development():
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_data_tells_different_stories_and_loads_once(settings):
    settings.DEBUG = True
    call_command("load_library", verbosity=0)
    call_command("seed_demo")
    counts = {m: m.objects.count() for m in MODELS}
    call_command("seed_demo")
    assert {m: m.objects.count() for m in MODELS} == counts

    coach = User.objects.get(username="coach")
    assert CoachLink.objects.active().filter(coach=coach).count() == 5
    assert User.objects.get(username="staff").is_staff
    states = set(RoutineAssignment.objects.values_list("athlete__username", "is_active"))
    assert states == {("athlete", True), ("jordan", True), ("morgan", False)}
    assert User.objects.get(username="riley").episodes.filter(numbness=True).exists()


def test_every_demo_session_ticks_what_its_plan_holds(settings):
    settings.DEBUG = True
    call_command("load_library", verbosity=0)
    call_command("seed_demo")
    sessions = RoutineSession.objects.prefetch_related("completed_items", "assignment__items")
    assert sessions
    for session in sessions:
        assert set(session.completed_items.all()) == set(session.assignment.items.all())
