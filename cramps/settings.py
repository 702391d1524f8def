"""Settings for Cramps, read from environment variables.

Clone-and-run works with no environment at all when DJANGO_DEBUG=1 (what
`make run` sets): SQLite in the project folder, console email. In production
set SECRET_KEY, ALLOWED_HOSTS and, for PostgreSQL, DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "athletes.views.accounts.csrf_failure"

INSTALLED_APPS = [
    # The library's content in each language (library/translation.py); before the admin, which it patches.
    "modeltranslation",
    "cramps.apps.CrampsAdminConfig",  # django.contrib.admin with the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "athletes",
    "library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language, or the cookie set_language leaves) for everyone;
    # UserLanguageMiddleware below puts a signed-in member's own choice over it.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cramps.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cramps.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "cramps.urls"
WSGI_APPLICATION = "cramps.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "athletes.context_processors.quick_log",
            ],
        },
    },
]

# SQLite by default, tuned so that several writers wait for each other instead
# of failing with "database is locked": WAL lets readers run beside a writer,
# IMMEDIATE takes the write lock when a transaction starts, and the timeout
# makes a second writer wait for it.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    # A file, not memory, so tests see WAL and threads share it; one per process so runs don't collide.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}

# "default" is each server process's own memory: library pages and dashboard rows kept under keys
# that name everything they show, so nothing out of date is read. "throttle" holds the wrong-code
# counters, which must be the same for every gunicorn worker, so it is a table of the database
# (made by a migration, so `migrate` sets it up everywhere).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "5000"))},
    },
    "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cramps_throttle"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "athletes.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English (the default, and the language of the source text) and Spanish. A visitor gets the
# browser's choice; a member the one on their profile (User.language), or the browser's if none.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates written the British way (27 Nov 2026, d/m/Y), as before; Spanish ones as Django writes them.
FORMAT_MODULE_PATH = ["cramps.formats"]
# The library's content (library/translation.py) is kept in each language, English first: a text not yet
# written in Spanish shows in English. Slugs are made from the English name whatever the editor's language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (the library's exercise pictures) go through Django's storage API into MEDIA_ROOT.
# `make run` (DEBUG) serves them itself; in production the proxy serves MEDIA_ROOT at /media/
# (docs/deploying.md), from the same origin, so the Content-Security-Policy's img-src 'self' covers them.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# HTTPS: on unless DEBUG is; HTTPS=0 turns it off for a local production-mode run.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
# Only trust X-Forwarded-Proto behind a proxy that sets it (and strips it from clients).
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Email, links in email and background tasks -------------------------------------------
# Email goes through SMTP when EMAIL_BACKEND says so; the console backend only prints.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (port 465), not both.")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))  # seconds; a stuck SMTP server fails the try, which is retried
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cramps <noreply@cramps.local>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)


def site_url():
    """The public base URL for links in email: SITE_URL, else the first allowed host.

    With DEBUG on it is the development server at its usual port (`make run PORT=…` serves on another and sets
    SITE_URL to it, for the server and the task worker alike). Otherwise the first ALLOWED_HOSTS entry, with
    https (http when HTTPS=0); a wildcard host cannot name the site, so then SITE_URL is required.
    """
    url = env("SITE_URL").rstrip("/")
    if url:
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://, not {url!r}.")
        return url
    if DEBUG:
        return "http://127.0.0.1:8000"
    host = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
    if not host or host == "*" or host.startswith("."):
        raise ImproperlyConfigured(
            "SITE_URL is not set and the first ALLOWED_HOSTS entry is not one host name. "
            "Set SITE_URL to the public base URL, e.g. https://cramps.example.com."
        )
    return f"{'https' if HTTPS else 'http'}://{host}"


SITE_URL = site_url()

# Email and other slow work run as tasks (Django's tasks API through django-tasks): stored in
# the database and run by a second process, `manage.py db_worker` (`make run` starts it).
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them inside the request
# instead (the tests do; no worker needed).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Finished tasks (sent email, failed tries) are deleted after this many days, by the reminder passes.
TASK_RESULT_DAYS = int(env("TASK_RESULT_DAYS", "7"))

# Trust: throttled log-ins, sessions, security headers, the security log ------
# (one block, so the other settings stay easy to merge)
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["axes", "csp"]
MIDDLEWARE += [
    "cramps.middleware.SessionIdleMiddleware",
    "cramps.middleware.PrivatePagesMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the page that says how long to wait.
    "axes.middleware.AxesMiddleware",
]
# django-axes checks every log-in (the site's and the admin's) before Django does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOL_OFF_MINUTES = int(env("LOGIN_COOL_OFF_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOL_OFF_MINUTES)
# Lock the pair: a guesser at one address cannot lock a member out from everywhere else.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And the address, at a higher limit, for guesses spread over many usernames (cramps/lockouts.py).
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
# A lock-out ends the cool-off after the window's first failure: tries during it neither count nor
# move its end, and the window stays where its first failure put it (cramps/lockouts.py).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "cramps.lockouts.LockoutHandler"
# A right password before the limit forgives that username's earlier slips (only those).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cramps.security.lockout_response"
# Behind the proxy, the client's address is the last one it appended to X-Forwarded-For;
# without this every member would share the proxy's address.
CLIENT_IP_FROM_FORWARDED_FOR = env_bool("BEHIND_TLS_PROXY")
AXES_CLIENT_IP_CALLABLE = "cramps.security.client_ip"
AXES_VERBOSE = False  # the cramps.security logger says what matters, without axes' chatter

# Wrong invite codes: this many per athlete within the window, then a pause as long as the window.
INVITE_CODE_FAILURE_LIMIT = int(env("INVITE_CODE_FAILURE_LIMIT", "5"))
INVITE_CODE_WINDOW_MINUTES = int(env("INVITE_CODE_WINDOW_MINUTES", "15"))
# An invite code works once, for this many hours.
INVITE_LIFETIME_HOURS = int(env("INVITE_LIFETIME_HOURS", "48"))
# Password reset links and email change links: this many requests per account and per address in
# the window; beyond them nothing more is sent, and the page answers the same.
PASSWORD_RESET_ACCOUNT_LIMIT = int(env("PASSWORD_RESET_ACCOUNT_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(env("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
EMAIL_CHANGE_ACCOUNT_LIMIT = int(env("EMAIL_CHANGE_ACCOUNT_LIMIT", "3"))
EMAIL_CHANGE_ADDRESS_LIMIT = int(env("EMAIL_CHANGE_ADDRESS_LIMIT", "10"))
EMAIL_REQUEST_WINDOW_MINUTES = int(env("EMAIL_REQUEST_WINDOW_MINUTES", "60"))


# A session ends after this long without a request; SessionIdleMiddleware moves the end
# forward as the member uses the site (writing the session at most once a minute).
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", str(8 * 60)))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# The strict policy, sent by django-csp: no inline script or style anywhere.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],  # the service worker, /sw.js (cramps/offline.py)
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Features no page here uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Who logged in, failed, was locked out, was refused, and which athlete a coach read.
# It reaches the console handler through the root logger, at INFO even when the root is quieter;
# every console line starts with its time, so the log says when as well as who and what.
LOGGING["formatters"] = {"timed": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}}
LOGGING["handlers"]["console"]["formatter"] = "timed"
LOGGING["loggers"] = {"cramps.security": {"level": env("SECURITY_LOG_LEVEL", "INFO")}}
# Logs name the path of a request (Django's request log on every 4xx and 5xx, the CSRF log on a
# refused POST): never a live code or token. The filter sits on the handler, so every logger's
# lines pass through it, whichever logger wrote them.
LOGGING["filters"] = {"secret_paths": {"()": "cramps.log_paths.HideSecretPaths"}}
LOGGING["handlers"]["console"]["filters"] = ["secret_paths"]
# The PDF renderer warns of every screen-only CSS rule it skips; its errors still show.
LOGGING["loggers"]["weasyprint"] = {"level": "ERROR"}

# Two-factor sign-in (twofactor): after the password, a code from the member's authenticator app --------
# Coaches and staff must use it; athletes may turn it on. django-otp's OTPMiddleware says whether a
# session passed the second step; SecondStepMiddleware, just after it, serves nothing else until it has.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "twofactor"]
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.SecondStepMiddleware",
]
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env("TWO_FACTOR_ISSUER", "Cramps")
# Wrong codes (the app's or a recovery code) lock that device for 1, 2, 4, 8 … seconds times this after
# each one in a row, so guessing a 6-digit code takes years; 0 turns the throttle off.
OTP_TOTP_THROTTLE_FACTOR = int(env("TWO_FACTOR_THROTTLE_FACTOR", "1"))
# The admin lists members' devices (for superusers, to remove a lost one) without their secrets or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
