from django.urls import path

from . import views

app_name = "athletes"

urlpatterns = [
    path("log/", views.episode_list, name="episode-list"),
    path("coach/", views.dashboard, name="dashboard"),
]
