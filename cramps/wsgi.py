"""WSGI entry point, used by gunicorn (`make serve`) and the development server (`make run`)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from cramps.database import open_existing_sqlite_only

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cramps.settings")
open_existing_sqlite_only(settings.DATABASES["default"])
application = get_wsgi_application()
