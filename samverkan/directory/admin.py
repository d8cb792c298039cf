from django.contrib import admin, messages
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .duplicates import likely_duplicates_of
from .models import Affiliation, ContactAssignment, ExpertProfile, Organization, Person


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

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        """After a person is created (with affiliations), warn about a likely duplicate."""
        super().save_related(request, form, formsets, change)
        if change:
            return
        for other in likely_duplicates_of(form.instance):
            self.message_user(
                request,
                format_html(
                    _(
                        '{person} may be the same person as <a href="{url}">{other}</a>. '
                        "Coordinators can merge them under Likely duplicates."
                    ),
                    person=form.instance,
                    url=other.get_absolute_url(),
                    other=other,
                ),
                level=messages.WARNING,
            )


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "visibility", "consent_at", "availability", "updated_at"]
    list_filter = ["visibility", "availability", "goals"]
    search_fields = ["person__first_name", "person__last_name", "expertise_sv", "expertise_en"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["goals", "forms"]
    list_select_related = ["person"]


@admin.register(ContactAssignment)
class ContactAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "organization", "counterpart", "start_date", "end_date"]
    list_filter = ["role", "organization"]
    search_fields = ["person__first_name", "person__last_name", "counterpart__name_sv"]
    autocomplete_fields = ["person", "organization", "counterpart", "arena"]
    list_select_related = ["person", "organization", "counterpart"]
