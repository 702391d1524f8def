from django.apps import AppConfig


class AthletesConfig(AppConfig):
    name = "athletes"
    verbose_name = "Athletes and coaching"

    def ready(self):
        # The security log listens for log-ins, failures and lock-outs.
        import cramps.security  # noqa: F401

        # Writes that change an athlete's dashboard figures mark them out of date.
        from . import signals  # noqa: F401
