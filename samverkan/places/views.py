"""Municipality list and municipality pages."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.arenas.models import Arena
from samverkan.collaborations.services import collaboration_context
from samverkan.directory.contacts import contacts_for_municipality
from samverkan.directory.visibility import can_manage_directory
from samverkan.needs.services import municipality_needs

from .forms import MunicipalityFilterForm
from .maps import svg_map
from .models import Municipality
from .services import filter_municipalities, group_by_county, municipalities_with_context


def municipality_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalityFilterForm(request.GET or None)
    municipalities = municipalities_with_context()
    filtered = bool(request.GET) and form.is_valid()
    if filtered:
        municipalities = filter_municipalities(
            municipalities,
            county=form.cleaned_data["county"],
            association=form.cleaned_data["association"],
            text=form.cleaned_data["q"],
        )
    municipalities = list(municipalities.order_by("county__code", "name"))
    template = (
        "places/includes/municipality_results.html"
        if request.headers.get("HX-Request")
        else "places/municipality_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "counties": group_by_county(municipalities),
            "result_count": len(municipalities),
            "filtered": filtered,
        },
    )


def county_map(municipality: Municipality) -> dict:
    """The SVG map of a municipality's county with the municipality highlighted (cached: borders
    only change with a new data release)."""
    key = f"places:map:{municipality.code}"
    result = cache.get(key)
    if result is None:
        neighbours = Municipality.objects.filter(county_id=municipality.county_id).only(
            "code", "name", "geometry", "county_id"
        )
        features = [
            (m.code, m.name, m.geometry, m.code == municipality.code, m.get_absolute_url())
            for m in neighbours
            if m.geometry
        ]
        view_box, shapes = svg_map(features)
        result = {"view_box": view_box, "shapes": shapes}
        cache.set(key, result, 60 * 60 * 24)
    return result


def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(
        municipalities_with_context().select_related("organization"), code=code
    )
    organization = getattr(municipality, "organization", None)
    arenas = (
        Arena.objects.filter(is_active=True, memberships__organization=organization)
        if organization
        else Arena.objects.none()
    )
    associations = list(municipality.associations.all())
    fellow_members = (
        Municipality.objects.filter(associations__in=associations)
        .exclude(pk=municipality.pk)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "places/municipality_detail.html",
        {
            "municipality": municipality,
            "organization": organization,
            "associations": associations,
            "fellow_members": fellow_members,
            "arenas": arenas,
            "map": county_map(municipality),
            "contacts": contacts_for_municipality(municipality),
            **collaboration_context(request.user, organization),
            "needs": municipality_needs(request.user, municipality),
            "can_manage_contacts": can_manage_directory(request.user),
            "breadcrumb_trail": [
                {"label": _("Municipalities"), "url": reverse("places:municipality_list")},
                {"label": municipality.name, "url": ""},
            ],
        },
    )
