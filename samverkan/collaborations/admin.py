from django.contrib import admin

from .models import Collaboration, CollaborationLink, CollaborationParty


class PartyInline(admin.TabularInline):
    model = CollaborationParty
    extra = 0
    autocomplete_fields = ["organization"]


class LinkInline(admin.TabularInline):
    model = CollaborationLink
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title_sv", "form", "status", "review", "starts_on", "ends_on"]
    list_filter = ["status", "review", "form", "goals"]
    search_fields = ["title_sv", "title_en", "description_sv"]
    autocomplete_fields = ["people"]
    filter_horizontal = ["goals"]
    inlines = [PartyInline, LinkInline]
