"""English formats as British English writes them (Django's en_GB), for the "en" language."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
