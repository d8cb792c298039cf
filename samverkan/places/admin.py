from django.contrib import admin

from .models import County, MunicipalAssociation, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
    exclude = ["geometry"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]
    list_select_related = ["county"]
    exclude = ["geometry"]


@admin.register(MunicipalAssociation)
class MunicipalAssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "county"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["members"]
