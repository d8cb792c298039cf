from django.contrib import admin

from .models import Arena, ArenaMembership


class MembershipInline(admin.TabularInline):
    model = ArenaMembership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Arena)
class ArenaAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "slug", "host", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    autocomplete_fields = ["host", "coordinators", "admins"]
    inlines = [MembershipInline]
