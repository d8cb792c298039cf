from django.contrib import admin

from .models import CollaborationForm, Interest, Offering


@admin.register(CollaborationForm)
class CollaborationFormAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    readonly_fields = ["name", "email", "organization", "message", "created_at"]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["title_sv", "form", "organization", "status", "expires_on"]
    list_filter = ["status", "form", "audience"]
    search_fields = ["title_sv", "title_en"]
    autocomplete_fields = ["organization", "contact"]
    filter_horizontal = ["goals"]
    inlines = [InterestInline]
