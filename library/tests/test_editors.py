"""The Library editors group is there on every database, made by migrate."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from library.editors import LIBRARY_EDITORS, ensure_library_editors


@pytest.mark.django_db(transaction=True)
def test_the_group_is_made_by_migrate_and_made_again_after_a_flush():
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name=LIBRARY_EDITORS).permissions.filter(codename="change_exercise").exists()
    call_command("flush", interactive=False, verbosity=0)
    assert Group.objects.get(name=LIBRARY_EDITORS).permissions.filter(codename="change_exercise").exists()
    assert Group.objects.count() == 1


@pytest.mark.django_db
def test_making_the_group_again_changes_nothing():
    before = set(Group.objects.get(name=LIBRARY_EDITORS).permissions.all())
    ensure_library_editors()
    ensure_library_editors()
    assert Group.objects.filter(name=LIBRARY_EDITORS).count() == 1
    assert set(Group.objects.get(name=LIBRARY_EDITORS).permissions.all()) == before


def test_a_library_editor_cannot_delete_a_cause_an_athlete_ticked(client, db):
    from athletes.tests.factories import make_episode
    from conftest import make_user
    from library.editors import add_library_editor
    from library.models import Cause

    from .factories import make_cause

    editor = make_user("editor", is_staff=True)
    add_library_editor(editor)
    ticked, unused = make_cause("dehydration"), make_cause("unused-cause")
    episode = make_episode(make_user("ticker"), setting="training", suspected=[ticked])
    client.force_login(editor)
    assert client.post(reverse("admin:library_cause_delete", args=[ticked.pk]), {"post": "yes"}).status_code == 403
    assert list(episode.suspected_causes.all()) == [ticked]
    assert client.post(reverse("admin:library_cause_delete", args=[unused.pk]), {"post": "yes"}).status_code == 302
    assert not Cause.objects.filter(pk=unused.pk).exists()
