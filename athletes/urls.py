from django.urls import path

from . import views

app_name = "athletes"

urlpatterns = [
    path("log/", views.episode_list, name="episode-list"),
    path("log/quick/", views.quick_log, name="quick-log"),
    path("log/new/", views.episode_create, name="episode-create"),
    path("log/<int:pk>/", views.episode_edit, name="episode-edit"),
    path("log/<int:pk>/delete/", views.episode_delete, name="episode-delete"),
    path("insights/", views.insights_page, name="insights"),
    path("coach/", views.dashboard, name="dashboard"),
]
