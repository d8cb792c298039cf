from django.contrib import admin

from .models import Activity, ActivityKind, Registration


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "arena", "is_visit", "position"]
    list_filter = ["arena"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organization_name", "status", "attended"]
    readonly_fields = ["name", "email", "organization_name", "status"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Reading and correcting; changes that notify people go through the pages' services."""

    list_display = ["title_sv", "kind", "starts_at", "arena", "status", "registration"]
    list_filter = ["kind", "arena", "status", "is_public"]
    search_fields = ["title_sv", "title_en"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["host", "organizations", "people", "needs", "collaborations"]
    inlines = [RegistrationInline]
