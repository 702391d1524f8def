"""Every change to a library row, through the admin, a fixture or the shell, bumps the library's revision."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import revision
from .models import LibraryRevision


def _is_library(sender):
    return sender._meta.app_label == "library" and sender is not LibraryRevision


@receiver(post_save, dispatch_uid="library-row-saved")
@receiver(post_delete, dispatch_uid="library-row-deleted")
@receiver(m2m_changed, dispatch_uid="library-links-changed")
def library_changed(sender, action="post_", **kwargs):
    # m2m_changed names a link table of the library as sender; act once, after the change.
    if _is_library(sender) and action.startswith("post_"):
        revision.bump()
