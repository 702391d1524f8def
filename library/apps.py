from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Library"

    def ready(self):
        # Changes to the library bump its revision, so what is kept from it is built again.
        from . import signals  # noqa: F401
