from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from athletes import views as athlete_views
from athletes.emails import QueuedPasswordResetForm
from cramps import i18n, offline

# A database that is down gives a plain 503 page instead of a 500.
handler500 = "athletes.views.accounts.server_error"

urlpatterns = [
    path("", athlete_views.home, name="home"),
    path("healthz", athlete_views.healthz, name="healthz"),
    # The installable app: served from the root so that the service worker's scope is the whole site.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("accounts/signup/", athlete_views.signup, name="signup"),
    path("accounts/email/confirm/<str:token>/", athlete_views.confirm_email, name="confirm-email"),
    path("accounts/profile/", athlete_views.profile, name="profile"),
    path("accounts/profile/export/", athlete_views.export_data, name="account-export"),
    path("accounts/profile/delete/", athlete_views.delete_account, name="account-delete"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/logout/", offline.logout, name="logout"),  # Django's, and the device forgets the offline copies
    # The second step of signing in (a code from the member's phone), setting it up and turning it off.
    path("accounts/two-factor/", include("twofactor.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # Django's set_language (POST): the language picker in the footer, for visitors who are not signed in.
    path("i18n/", include("django.conf.urls.i18n")),
    # The translations the scripts in static/js use (gettext in JavaScript), one address per language.
    path("jsi18n/<str:language>.js", i18n.javascript_catalog, name="javascript-catalog"),
    path("library/", include("library.urls")),
    path("", include("athletes.urls")),
    path("admin/", admin.site.urls),
]
# Uploaded pictures, with DEBUG on only (`static` adds nothing otherwise): in production the proxy serves them.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
