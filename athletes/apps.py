from django.apps import AppConfig


class AthletesConfig(AppConfig):
    name = "athletes"
    verbose_name = "Athletes and coaching"

    def ready(self):
        # The security log listens for log-ins, failures and lock-outs.
        import cramps.security  # noqa: F401
