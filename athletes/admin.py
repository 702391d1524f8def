from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

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


@admin.register(User)
class CrampsUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Role, time zone and language", {"fields": ["role", "time_zone", "language"]})]
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Role and time zone", {"fields": ["role", "time_zone"]})]
    inlines = [AthleteProfileInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None and obj.is_athlete else []


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
