"""Filtering the organisation directory."""

from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.places.forms import association_filter, county_filter
from samverkan.sdg.forms import goal_filter

from .models import Organization, OrganizationKind
from .selectors import search_organizations


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *OrganizationKind.choices],
        required=False,
    )
    county = county_filter()
    association = association_filter()
    goal = goal_filter(_("Organisations with experts who work on the goal."))


def in_tree(path: str, value: object) -> Q:
    """The organisation, one of its units or one of their units matches ``path``."""
    return (
        Q(**{path: value}) | Q(**{f"units__{path}": value}) | Q(**{f"units__units__{path}": value})
    )


def filter_organizations(form: OrganizationFilterForm) -> QuerySet[Organization]:
    organizations = Organization.objects.filter(parent__isnull=True)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organizations = search_organizations(organizations, data["q"])
        if data["kind"]:
            organizations = organizations.filter(kind=data["kind"])
        if data["county"]:
            organizations = organizations.filter(
                Q(county=data["county"]) | Q(seat__county=data["county"])
            )
        if data["association"]:
            organizations = organizations.filter(
                Q(municipality__associations=data["association"])
                | Q(association=data["association"])
            )
        if data["goal"]:
            organizations = organizations.filter(
                in_tree("affiliations__person__profile__goals", data["goal"])
            )
    return (
        organizations.distinct()
        .select_related("county", "seat__county")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("name_sv")
    )
