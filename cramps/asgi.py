"""ASGI entry point, for servers that speak ASGI."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from cramps.database import open_existing_sqlite_only

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cramps.settings")
open_existing_sqlite_only(settings.DATABASES["default"])
application = get_asgi_application()
