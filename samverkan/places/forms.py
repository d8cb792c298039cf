from django import forms
from django.utils.translation import gettext_lazy as _

from .models import County, MunicipalAssociation


def county_filter() -> forms.ModelChoiceField:
    """An optional county choice addressed by SCB code, shared by the filter forms."""
    return forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.only("code", "name", "name_en"),
        required=False,
        to_field_name="code",
        empty_label=_("All counties"),
    )


def association_filter() -> forms.ModelChoiceField:
    """An optional association choice addressed by slug, shared by the filter forms."""
    return forms.ModelChoiceField(
        label=_("Association of local authorities"),
        queryset=MunicipalAssociation.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All associations"),
    )


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or SCB code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    county = county_filter()
    association = association_filter()
