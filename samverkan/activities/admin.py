"""Kinds of activity are configured here; activities, their minutes and follow-up actions are
read here and changed on the coordinators' pages, whose services raise the calendar SEQUENCE,
check the arena and tell the people registered."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Action, Activity, ActivityKind, Minutes, Registration


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "arena", "is_visit", "position"]
    list_filter = ["arena"]


class ReadOnly:
    """Shown, never written: the pages' services are the one write path."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RegistrationInline(ReadOnly, admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organization_name", "status", "attended"]


class ActionInline(ReadOnly, admin.TabularInline):
    model = Action
    extra = 0
    fields = ["text", "owner", "due_date", "status"]


@admin.register(Activity)
class ActivityAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title_sv", "kind", "starts_at", "arena", "status", "registration"]
    list_filter = ["kind", "arena", "status", "is_public"]
    search_fields = ["title_sv", "title_en"]
    date_hierarchy = "starts_at"
    inlines = [RegistrationInline, ActionInline]


@admin.register(Minutes)
class MinutesAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["activity", "updated_at"]
    search_fields = ["activity__title_sv"]


@admin.register(Action)
class ActionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["text", "activity", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["text", "activity__title_sv"]
