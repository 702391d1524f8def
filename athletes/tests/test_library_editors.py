"""Library editors are accounts of their own: they edit the library in the admin and open no athlete's
or coach's page. Staff of any kind are refused those pages, even a staff account that coaches."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import CoachInvite, CoachLink, CrampEpisode, User
from athletes.tests.factories import make_episode
from conftest import make_user

from .coaching import link

pytestmark = pytest.mark.django_db

# The data migration, by its module: a name that starts with a digit cannot be imported plainly.
editor_role = importlib.import_module("athletes.migrations.0023_library_editor_role")


@pytest.fixture
def demo_data(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def staff_coach_of(athlete):
    """A staff account that was a coach before editors had a role of their own, linked to `athlete`."""
    staff = make_user("olds", role=User.Role.COACH, is_staff=True)
    link(staff, athlete)
    return staff


def test_the_demo_editor_is_an_editor_and_not_a_coach(demo_data):
    staff = User.objects.get(username="staff")
    assert (staff.role, staff.is_editor, staff.is_coach, staff.is_athlete) == ("editor", True, False, False)


def test_the_demo_editor_gets_404_on_the_coach_pages(demo_data):
    client = client_for(User.objects.get(username="staff"))
    athlete = User.objects.get(username="athlete")
    assert client.get(reverse("athletes:dashboard")).status_code == 404
    assert client.get(reverse("athletes:invites")).status_code == 404
    assert client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).status_code == 404


def test_an_editor_signs_in_and_lands_in_the_admin(demo_data, settings):
    # Where a log-in goes once every step of it is done (the log-in form's own steps are tested elsewhere).
    client = client_for(User.objects.get(username="staff"))
    response = client.get(resolve_url(settings.LOGIN_REDIRECT_URL), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200


def test_view_site_in_the_admin_opens_the_library_not_the_admin_again(staff_client):
    admin_page = staff_client.get(reverse("admin:index"))
    view_site = str(admin_page.context["site_url"])
    assert view_site == reverse("library:index")
    assert f'href="{view_site}"' in admin_page.content.decode()
    response = staff_client.get(view_site)
    assert response.status_code == 200  # the library as members read it, not a redirect to the admin


def test_an_editor_cannot_accept_an_invite(staff, coach):
    invite = CoachInvite.objects.create(coach=coach)
    response = client_for(staff).post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    assert response.status_code == 404
    assert not CoachLink.objects.filter(athlete=staff).exists()
    invite.refresh_from_db()
    assert invite.used_at is None


def test_an_invite_an_editor_made_while_a_coach_links_nobody(athlete_client, athlete, staff):
    invite = CoachInvite.objects.create(coach=staff)
    response = athlete_client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"}, follow=True)
    assert "This code is not valid or has expired" in response.content.decode()
    assert not CoachLink.objects.filter(athlete=athlete).exists()


def test_a_staff_account_that_coaches_is_refused_its_athletes_pages_and_threads(athlete):
    staff = staff_coach_of(athlete)
    episode = make_episode(athlete, setting="training")
    client = client_for(staff)
    assert client.get(reverse("athletes:dashboard")).status_code == 404
    assert client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).status_code == 404
    assert client.get(reverse("athletes:coach-report", args=[athlete.pk])).status_code == 404
    assert client.get(reverse("athletes:episode-comments", args=[episode.pk])).status_code == 404
    assert client.post(reverse("athletes:episode-comments", args=[episode.pk]), {"text": "Hi"}).status_code == 404
    assert not episode.comments.exists()


def test_a_staff_account_with_the_athlete_role_is_refused_the_athlete_pages(client):
    staff = make_user("stafflete", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("athletes:episode-list")).status_code == 404
    assert client.post(reverse("athletes:quick-log"), {"muscle": "calves", "severity": 5}).status_code == 404
    assert not CrampEpisode.objects.exists()


def test_sign_up_never_offers_the_editor_role(client):
    page = client.get(reverse("signup")).content.decode()
    assert 'value="editor"' not in page
    data = {
        "username": "sneaky",
        "first_name": "Sneaky",
        "email": "sneaky@example.com",
        "role": "editor",
        "time_zone": "Europe/London",
        "password1": "calf-raise-tempo-33",
        "password2": "calf-raise-tempo-33",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="sneaky").exists()


def test_the_migration_makes_staff_coaches_without_athletes_editors(athlete, other_athlete):
    idle = make_user("idle", role=User.Role.COACH, is_staff=True)
    coaching = staff_coach_of(athlete)
    coached_before = make_user("before", role=User.Role.COACH, is_staff=True)
    CoachLink.objects.create(coach=coached_before, athlete=other_athlete, ended_at=timezone.now())  # ended: it counts
    plain_coach = make_user("plain", role=User.Role.COACH)
    staff_athlete = make_user("stafflete", is_staff=True)

    editor_role.staff_coaches_to_editors(apps, None)

    roles = dict(User.objects.values_list("username", "role"))
    assert roles[idle.username] == "editor"
    assert roles[coaching.username] == roles[coached_before.username] == "coach"
    assert roles[plain_coach.username] == "coach"
    assert roles[staff_athlete.username] == "athlete"


def test_the_admin_flags_a_staff_account_that_coaches(superuser_client, athlete, staff):
    staff_coach = staff_coach_of(athlete)
    listing = superuser_client.get(reverse("admin:athletes_user_changelist")).content.decode()
    assert "A staff account coaches athletes: olds." in listing
    page = superuser_client.get(reverse("admin:athletes_user_change", args=[staff_coach.pk])).content.decode()
    assert "This staff account coaches athletes." in page
    editor_page = superuser_client.get(reverse("admin:athletes_user_change", args=[staff.pk])).content.decode()
    assert "coaches athletes" not in editor_page


def test_a_superuser_is_refused_the_coach_pages_too(superuser_client):
    assert superuser_client.get(reverse("athletes:dashboard")).status_code == 404
