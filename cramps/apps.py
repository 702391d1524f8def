from django.contrib.admin.apps import AdminConfig


class CrampsAdminConfig(AdminConfig):
    """Django's admin with the project's site (cramps/admin.py): the library for staff, the rest for superusers."""

    default_site = "cramps.admin.CrampsAdminSite"
