from django import forms
from django.utils.translation import gettext_lazy as _

from .models import County, MunicipalAssociation


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or SCB code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.only("code", "name"),
        required=False,
        to_field_name="code",
        empty_label=_("All counties"),
    )
    association = forms.ModelChoiceField(
        label=_("Association of local authorities"),
        queryset=MunicipalAssociation.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All associations"),
    )
