from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = "Two-factor sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # At log-in, the session notes whether its account asks for a code after the password.
        from . import steps  # noqa: F401
