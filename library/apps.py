from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Library"

    def ready(self):
        from .editors import make_library_editors

        # After Django's own post_migrate receivers (auth's comes first in INSTALLED_APPS): the permissions exist.
        post_migrate.connect(make_library_editors, sender=self, dispatch_uid="library-editors-group")

        # Changes to the library bump its revision, so what is kept from it is built again.
        from . import signals  # noqa: F401
