import pytest
from django.core.management import CommandError, call_command

from athletes.models import CoachLink, CrampEpisode, RoutineAssignment, RoutineSession, User
from library.editors import LIBRARY_EDITORS

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
    staff = User.objects.get(username="staff")
    assert staff.is_staff
    assert not staff.is_superuser
    assert list(staff.groups.values_list("name", flat=True)) == [LIBRARY_EDITORS]
    assert not User.objects.filter(is_superuser=True).exists()
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


def test_a_demo_staff_account_made_as_superuser_earlier_becomes_a_library_editor(settings):
    settings.DEBUG = True
    User.objects.create_user("staff", role=User.Role.COACH, is_staff=True, is_superuser=True)
    call_command("seed_demo")
    staff = User.objects.get(username="staff")
    assert (staff.is_staff, staff.is_superuser) == (True, False)
    assert staff.groups.filter(name=LIBRARY_EDITORS).exists()


def test_each_demo_account_is_called_by_its_login(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    names = dict(User.objects.values_list("username", "first_name"))
    assert names == {username: username.capitalize() for username in names}
    assert {"athlete", "coach", "staff"} <= set(names)


def test_a_demo_seeded_with_the_earlier_names_is_renamed_and_a_name_chosen_since_is_kept(settings):
    settings.DEBUG = True
    User.objects.create_user("athlete", first_name="Alex")
    User.objects.create_user("coach", first_name="Casey", role=User.Role.COACH)
    User.objects.create_user("staff", first_name="Robin", role=User.Role.EDITOR)
    call_command("seed_demo")
    names = dict(User.objects.values_list("username", "first_name"))
    assert (names["athlete"], names["coach"], names["staff"]) == ("Athlete", "Coach", "Robin")
