"""The Library editors group is there on every database, made by migrate."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

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
