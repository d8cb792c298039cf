from django.contrib import admin

from .models import Affiliation, Organization, Person


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization", "person"]


class UnitInline(admin.TabularInline):
    model = Organization
    fk_name = "parent"
    extra = 0
    fields = ["name_sv", "name_en", "slug", "unit_type", "is_collaboration_office"]
    prepopulated_fields = {"slug": ["name_sv"]}
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "kind", "unit_type", "parent", "city"]
    list_filter = ["kind", "unit_type", "county"]
    search_fields = ["name_sv", "name_en", "short_name", "organization_number"]
    prepopulated_fields = {"slug": ["name_sv"]}
    autocomplete_fields = ["parent", "municipality", "association", "county"]
    list_select_related = ["parent"]
    inlines = [UnitInline, AffiliationInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "phone"]
    search_fields = ["first_name", "last_name", "email", "orcid"]
    autocomplete_fields = ["user"]
    inlines = [AffiliationInline]
