from django.contrib import admin

from .models import Goal, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["code", "position", "title_sv", "title_en"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_sv", "short_en", "dimension", "colour"]
    list_filter = ["dimension"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "title_sv"]
    list_filter = ["goal"]
    search_fields = ["code", "title_sv", "title_en"]
    list_select_related = ["goal"]
