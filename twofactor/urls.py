from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("recovery/", views.recovery, name="recovery"),
    path("set-up/", views.set_up, name="set-up"),
    path("turn-off/", views.turn_off, name="turn-off"),
]
