from django.urls import path

from . import views

app_name = "athletes"

urlpatterns = [
    # The athlete's own pages
    path("log/", views.episode_list, name="episode-list"),
    path("log/quick/", views.quick_log, name="quick-log"),
    path("log/new/", views.episode_create, name="episode-create"),
    path("log/<int:pk>/", views.episode_edit, name="episode-edit"),
    path("log/<int:pk>/delete/", views.episode_delete, name="episode-delete"),
    path("checkin/", views.checkin, name="checkin"),
    path("insights/", views.insights_page, name="insights"),
    path("flags/<slug:slug>/acknowledge/", views.acknowledge_flag, name="acknowledge-flag"),
    path("routine/", views.routine, name="routine"),
    path("routine/stop/", views.stop_routine, name="stop-routine"),
    path("routine/start/", views.start_plan, name="start-plan"),
    path("routine/change/", views.change_own_plan, name="change-own-plan"),
    path("routine/calendar/", views.plan_calendar_page, name="plan-calendar"),
    path("routine/calendar/reset/", views.reset_plan_calendar, name="reset-plan-calendar"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report, {"pdf": True}, name="report-pdf"),
    path("report/links/", views.report_shares, name="report-shares"),
    path("report/links/<int:pk>/revoke/", views.revoke_report_share, name="revoke-report-share"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_link, name="join-code"),  # the invite link: signed out too
    path("coaches/", views.coaches, name="coaches"),
    path("coaches/<int:pk>/leave/", views.leave_coach, name="leave-coach"),
    # Comment threads, for the athlete and their coaches
    path("comments/plans/<int:pk>/", views.plan_comments, name="plan-comments"),
    path("comments/sessions/<int:pk>/", views.session_comments, name="session-comments"),
    path("comments/episodes/<int:pk>/", views.episode_comments, name="episode-comments"),
    # The coach's pages
    path("coach/", views.dashboard, name="dashboard"),
    path("coach/invites/", views.invites, name="invites"),
    path("coach/invites/<int:pk>/delete/", views.invite_delete, name="invite-delete"),
    path("coach/athletes/<int:pk>/", views.coach_athlete, name="coach-athlete"),
    path(
        "coach/athletes/<int:pk>/flags/<slug:slug>/acknowledge/",
        views.acknowledge_flag_for_athlete,
        name="coach-acknowledge-flag",
    ),
    path("coach/athletes/<int:pk>/remove/", views.remove_athlete, name="remove-athlete"),
    path("coach/athletes/<int:pk>/report/", views.coach_report, name="coach-report"),
    path("coach/athletes/<int:pk>/report.pdf", views.coach_report, {"pdf": True}, name="coach-report-pdf"),
    path("coach/athletes/<int:pk>/assign/", views.assign, name="assign"),
    path("coach/athletes/<int:pk>/routine/end/", views.end_routine, name="end-routine"),
    path("coach/athletes/<int:pk>/routine/edit/", views.edit_routine, name="edit-routine"),
    # Secret links that need no account: a shared report, the plan's calendar feed
    path("shared/<str:token>/", views.shared_report, name="shared-report"),
    path("shared/<str:token>/report.pdf", views.shared_report, {"pdf": True}, name="shared-report-pdf"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("reminders/stop/<str:token>/", views.reminder_unsubscribe, name="reminder-unsubscribe"),
    path(
        "reminders/stop/<str:token>/one-click/",
        views.reminder_unsubscribe_one_click,
        name="reminder-unsubscribe-one-click",
    ),
]
