"""A municipality's page: the place itself, its contacts, collaborations, needs and arenas.

Composed here from each app's read-side queries, so that places stays reference data that knows
no domain.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.activities.selectors import municipality_activities
from samverkan.arenas.selectors import arenas_of
from samverkan.collaborations.selectors import collaboration_context
from samverkan.directory.contacts import contacts_for_municipality
from samverkan.directory.involvement import active_universities
from samverkan.directory.timeline import latest_for
from samverkan.directory.visibility import can_manage_directory
from samverkan.needs.selectors import municipality_needs
from samverkan.places.services import county_map, fellow_members, municipalities_with_context


def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(
        municipalities_with_context().select_related("organization"), code=code
    )
    organization = getattr(municipality, "organization", None)
    associations = list(municipality.associations.all())
    return render(
        request,
        "site/municipality.html",
        {
            "municipality": municipality,
            "organization": organization,
            "associations": associations,
            "fellow_members": fellow_members(municipality, associations),
            "arenas": arenas_of(organization),
            "map": county_map(municipality),
            "contacts": contacts_for_municipality(
                municipality, active_universities(municipality, organization)
            ),
            **collaboration_context(request.user, organization),
            "needs": municipality_needs(request.user, municipality),
            "activities": municipality_activities(request.user, municipality),
            "timeline": latest_for(request.user, organization),
            "can_manage_contacts": can_manage_directory(request.user),
            "breadcrumb_trail": [
                {"label": _("Municipalities"), "url": reverse("places:municipality_list")},
                {"label": municipality.name, "url": ""},
            ],
        },
    )
