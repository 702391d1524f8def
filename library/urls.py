from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("causes/<slug:slug>/", views.cause_detail, name="cause-detail"),
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path("strategies/", views.strategy_list, name="strategy-list"),
    path("routines/", views.routine_list, name="routine-list"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine-detail"),
]
