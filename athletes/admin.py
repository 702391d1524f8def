from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import services
from .models import (
    AssignedItem,
    AthleteProfile,
    CoachInvite,
    CoachLink,
    Comment,
    CrampEpisode,
    DailyCheckIn,
    RoutineAssignment,
    RoutineSession,
    User,
)


class AthleteProfileInline(admin.StackedInline):
    model = AthleteProfile
    can_delete = False


def staff_coaches(users):
    """The staff accounts among `users` that coach athletes, now or before: migration 0023 left them coaches,
    where a staff account without athletes became a library editor. One query."""
    return users.filter(is_staff=True, role=User.Role.COACH, athlete_links__isnull=False).distinct()


@admin.register(User)
class CrampsUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Role, time zone and language", {"fields": ["role", "time_zone", "language"]})]
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Role and time zone", {"fields": ["role", "time_zone"]})]
    inlines = [AthleteProfileInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None and obj.is_athlete else []

    # A staff account that coaches is flagged wherever a superuser looks at accounts, until it is split in two.
    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            names = list(staff_coaches(User.objects.order_by("username")).values_list("username", flat=True))
            if names:
                messages.warning(
                    request,
                    ngettext(
                        "A staff account coaches athletes: %(names)s. Staff are refused the coach pages, so make "
                        "a separate library editor account and take staff status off the coaching one.",
                        "Staff accounts coach athletes: %(names)s. Staff are refused the coach pages, so make "
                        "a separate library editor account and take staff status off each coaching one.",
                        len(names),
                    )
                    % {"names": ", ".join(names)},
                )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if user is not None and staff_coaches(User.objects.filter(pk=user.pk)).exists():
            messages.warning(
                request,
                _(
                    "This staff account coaches athletes. Staff are refused the coach pages, so make a separate "
                    "library editor account and take staff status off this one."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # Deleted here as from their profile: with their email tasks and log-in records (services.delete_account).
    def delete_model(self, request, obj):
        services.delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account(user)


@admin.register(CrampEpisode)
class CrampEpisodeAdmin(admin.ModelAdmin):
    list_display = ["athlete", "occurred_at", "muscle", "severity", "setting"]
    list_filter = ["muscle", "setting", "severity"]
    search_fields = ["athlete__username", "athlete__first_name", "notes"]
    date_hierarchy = "occurred_at"
    list_select_related = ["athlete"]
    autocomplete_fields = ["athlete", "suspected_causes"]


@admin.register(CoachLink)
class CoachLinkAdmin(admin.ModelAdmin):
    list_display = ["coach", "athlete", "created_at", "ended_at"]
    list_filter = ["ended_at"]
    search_fields = ["coach__username", "athlete__username"]
    list_select_related = ["coach", "athlete"]
    autocomplete_fields = ["coach", "athlete"]


@admin.register(CoachInvite)
class CoachInviteAdmin(admin.ModelAdmin):
    list_display = ["code", "coach", "created_at", "expires_at", "used_by", "used_at"]
    search_fields = ["code", "coach__username"]
    list_select_related = ["coach", "used_by"]
    autocomplete_fields = ["coach", "used_by"]


class AssignedItemInline(admin.TabularInline):
    model = AssignedItem
    extra = 0
    ordering = ["position"]
    autocomplete_fields = ["exercise"]


@admin.register(RoutineAssignment)
class RoutineAssignmentAdmin(admin.ModelAdmin):
    list_display = ["name", "athlete", "coach", "start_date", "is_active"]
    list_filter = ["is_active", "template"]
    search_fields = ["name", "athlete__username", "coach__username"]
    list_select_related = ["athlete", "coach"]
    autocomplete_fields = ["athlete", "coach", "template"]
    inlines = [AssignedItemInline]


@admin.register(RoutineSession)
class RoutineSessionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "performed_on", "helped", "discomfort"]
    list_filter = ["helped", "discomfort"]
    list_select_related = ["assignment__athlete"]
    search_fields = ["assignment__name", "assignment__athlete__username"]


@admin.register(DailyCheckIn)
class DailyCheckInAdmin(admin.ModelAdmin):
    list_display = ["athlete", "day", "cramped", "training_load", "sleep_hours", "fluids"]
    list_filter = ["cramped", "training_load", "fluids", "hot_conditions", "heavy_sweating"]
    search_fields = ["athlete__username", "athlete__first_name"]
    date_hierarchy = "day"
    list_select_related = ["athlete"]
    autocomplete_fields = ["athlete"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["athlete", "author", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["athlete__username", "author__username", "text"]
    list_select_related = ["athlete", "author"]
    autocomplete_fields = ["athlete", "author", "assignment", "session", "episode"]
