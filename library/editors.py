"""The Library editors group: staff who add, change, delete and view the library in the admin, and nothing else.

The group is made after every `migrate` (and every flush, which tests run) by the
post_migrate signal, once Django has made the library's permissions: a fresh database,
a test database and an upgraded one all have it, and running it again changes nothing.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

LIBRARY_EDITORS = "Library editors"


def ensure_library_editors(*, using=DEFAULT_DB_ALIAS, apps=global_apps):
    """The group, holding exactly the permissions on the library app's models. Idempotent; four queries."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.using(using).get_or_create(name=LIBRARY_EDITORS)
    group.permissions.set(permission_model.objects.using(using).filter(content_type__app_label="library"))
    return group


def make_library_editors(sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver (sent after Django's own, which makes the permissions)."""
    try:
        apps.get_model("auth", "Group")
    except LookupError:  # a partial migrate that has not reached auth yet
        return
    ensure_library_editors(using=using, apps=apps)


def add_library_editor(user):
    """Make `user` a library editor: staff in the Library editors group, with the editor role (never an
    athlete or a coach) and not a superuser."""
    user.is_staff = True
    user.is_superuser = False
    user.role = user.Role.EDITOR
    user.save(update_fields=["is_staff", "is_superuser", "role"])
    user.groups.add(ensure_library_editors())
