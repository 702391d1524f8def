"""The admin site: staff edit the library; everything else in it is for superusers only.

A model from any app but the library (accounts, episodes, coach links, plans and sessions,
django-axes' lock-outs, queued email, groups) is registered for superusers alone, whatever
permissions a staff user has been given: athlete data, lock-outs and who may do what stay
with the superusers, and a library editor cannot hand themselves more.
"""

from django.contrib import admin
from django.db.models.base import ModelBase
from django.urls import reverse_lazy

# Apps whose models staff with the model permissions (the Library editors group) may manage.
STAFF_APPS = {"library"}


class SuperuserOnly:
    """A ModelAdmin mixin: only an active superuser may see, add, change or delete, model permissions or not."""

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


class CrampsAdminSite(admin.AdminSite):
    site_header = "Cramps library and accounts"
    site_title = "Cramps admin"
    # "View site" opens the library as members read it: the home page sends staff back to the admin.
    site_url = reverse_lazy("library:index")

    def has_permission(self, request):
        """Active staff whose session has passed the second step of signing in (twofactor): a password
        alone never opens the admin."""
        check = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and bool(check and check())

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as usual, making each model outside STAFF_APPS superuser-only."""
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        for model in models:
            model_admin = admin_class or admin.ModelAdmin
            if model._meta.app_label not in STAFF_APPS:
                model_admin = type(model_admin.__name__, (SuperuserOnly, model_admin), {})
            super().register(model, model_admin, **options)
