"""Least privilege in the admin: library editors edit the library and see no athlete; other staff do nothing.

Every admin page is walked (the index, each app, each registered model's list and add page,
each row's change, history, delete and view-on-site pages, a user's password page and the
autocomplete endpoint for every relation), so a model registered later is covered too.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from athletes.models import CrampEpisode, User
from conftest import make_user
from cramps.admin import STAFF_APPS
from library.models import Exercise
from library.tests.factories import exercise_change_form

from .world import NOTE, PRIVATE

pytestmark = pytest.mark.django_db

ROWS_PER_MODEL = 3


def registered_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def admin_pages():
    """(url, model or None) for every admin page, built from the rows in the database now."""
    pages = [(reverse("admin:index"), None)]
    for label in sorted({model._meta.app_label for model in registered_models()}):
        pages.append((reverse("admin:app_list", args=[label]), None))
    for model in registered_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [(reverse(f"{prefix}_changelist"), model), (reverse(f"{prefix}_add"), model)]
        content_type = ContentType.objects.get_for_model(model)
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:ROWS_PER_MODEL]:
            for view in ("change", "history", "delete"):
                pages.append((reverse(f"{prefix}_{view}", args=[pk]), model))
            # A redirect to the object's own page on the site, which checks access itself: only leaks count.
            pages.append((reverse("admin:view_on_site", args=[content_type.pk, pk]), None))
            if model is User:
                pages.append((reverse("admin:auth_user_password_change", args=[pk]), model))
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and admin.site.is_registered(field.related_model):
                query = f"app_label={model._meta.app_label}&model_name={model._meta.model_name}&field_name={field.name}"
                pages.append((f"{reverse('admin:autocomplete')}?{query}&term=", field.related_model))
    return pages


def leaks(response):
    body = response.content.decode().lower()
    return [word for word in PRIVATE if word.lower() in body]


def is_library(model):
    return model is not None and model._meta.app_label in STAFF_APPS


def test_the_walk_reaches_every_kind_of_admin_page(world):
    urls = [url for url, _ in admin_pages()]
    assert reverse("admin:athletes_crampepisode_change", args=[world.episode.pk]) in urls
    assert reverse("admin:auth_user_password_change", args=[world.athlete.pk]) in urls
    assert any("model_name=crampepisode&field_name=athlete" in url for url in urls)
    assert any(url.startswith(reverse("admin:axes_accessattempt_changelist")) for url in urls)


def test_a_superuser_sees_the_athlete_data_the_other_tests_look_for(world):
    """The words are on the pages a superuser opens, so not finding them elsewhere means something."""
    client = Client()
    client.force_login(world.superuser)
    episode = client.get(reverse("admin:athletes_crampepisode_change", args=[world.episode.pk]))
    assert NOTE in episode.content.decode()
    index = client.get(reverse("admin:index"))
    assert "Marvelwood" in index.content.decode()  # the recent action on Quillon's episode
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_a_library_editor_opens_every_library_page_and_nothing_else(world):
    client = Client()
    client.force_login(world.editor)
    for url, model in admin_pages():
        response = client.get(url)
        assert not leaks(response), (url, leaks(response))
        if model is None:
            continue
        if url == reverse("admin:library_cause_delete", args=[world.cause.pk]):
            # Quillon ticked this cause on an episode: deleting it would delete what he wrote.
            assert response.status_code == 403, (url, response.status_code)
        elif is_library(model):
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code in (403, 404), (url, response.status_code)


def test_a_library_editors_admin_index_lists_the_library_only(world):
    client = Client()
    client.force_login(world.editor)
    apps_listed = {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}
    assert apps_listed == {"library"}
    for label in {model._meta.app_label for model in registered_models()} - STAFF_APPS:
        assert client.get(reverse("admin:app_list", args=[label])).status_code == 404


def test_a_library_editor_edits_an_exercise(world):
    client = Client()
    client.force_login(world.editor)
    url = reverse("admin:library_exercise_change", args=[world.exercise.pk])
    response = client.post(url, exercise_change_form(world.exercise, how_to="Rise for three seconds, lower for five."))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Exercise.objects.get(pk=world.exercise.pk).how_to == "Rise for three seconds, lower for five."


def test_a_library_editor_cannot_change_groups_or_their_own_account(world):
    client = Client()
    client.force_login(world.editor)
    group = world.editor.groups.get()
    response = client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": group.name, "permissions": []})
    assert response.status_code == 403
    response = client.post(
        reverse("admin:athletes_user_change", args=[world.editor.pk]), {"username": "sam", "is_superuser": "on"}
    )
    assert response.status_code == 403
    assert group.permissions.exists()
    assert not User.objects.get(pk=world.editor.pk).is_superuser


def staff_with(world, permissions):
    user = make_user("nosy", role=User.Role.COACH, is_staff=True)
    user.user_permissions.set(permissions)
    client = Client()
    client.force_login(user)
    return client


def test_staff_outside_the_group_can_do_nothing(world):
    client = staff_with(world, [])
    assert client.get(reverse("admin:index")).context["app_list"] == []
    for url, model in admin_pages():
        response = client.get(url)
        assert not leaks(response), (url, leaks(response))
        if model is not None:
            assert response.status_code in (403, 404), (url, response.status_code)
    url = reverse("admin:library_exercise_change", args=[world.exercise.pk])
    assert client.post(url, exercise_change_form(world.exercise, how_to="Changed.")).status_code == 403
    assert Exercise.objects.get(pk=world.exercise.pk).how_to != "Changed."


def test_permissions_on_athlete_data_given_to_staff_open_nothing(world):
    """Only superusers see accounts, episodes, lock-outs and email, whatever a staff user is granted."""
    outside = Permission.objects.exclude(content_type__app_label__in=STAFF_APPS)
    client = staff_with(world, outside)
    for url, model in admin_pages():
        response = client.get(url)
        assert not leaks(response), (url, leaks(response))
        if model is not None and not is_library(model):
            assert response.status_code in (403, 404), (url, response.status_code)
    response = client.post(reverse("admin:athletes_crampepisode_delete", args=[world.episode.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert CrampEpisode.objects.filter(pk=world.episode.pk).exists()


def test_every_registered_model_outside_the_library_is_for_superusers_only(world, rf):
    request = rf.get("/admin/")
    request.user = make_user("granted", role=User.Role.COACH, is_staff=True)
    request.user.user_permissions.set(Permission.objects.all())
    for model in registered_models():
        if is_library(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        assert not model_admin.has_module_permission(request), model
        assert not model_admin.has_view_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_the_library_editors_group_holds_every_library_permission_and_no_other(world):
    group = world.editor.groups.get()
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"library"}
    library_models = [m for m in apps.get_app_config("library").get_models() if not m._meta.auto_created]
    expected = {
        f"{action}_{model._meta.model_name}"
        for model in library_models
        for action in ("add", "change", "delete", "view")
    }
    assert set(group.permissions.values_list("codename", flat=True)) == expected
