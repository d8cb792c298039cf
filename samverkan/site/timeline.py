"""A municipality's whole timeline: that of the municipality's own organisation and its units."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.directory.timeline import organization_ids
from samverkan.kernel.timeline import timeline_context
from samverkan.places.models import Municipality


def municipality_timeline(request: HttpRequest, code: str) -> HttpResponse:
    """Empty, not missing, for a municipality without an organisation in the directory yet."""
    municipality = get_object_or_404(Municipality.objects.select_related("organization"), code=code)
    organization = getattr(municipality, "organization", None)
    ids = organization_ids(organization) if organization else []
    return render(
        request,
        "timeline/page.html",
        {
            **timeline_context(request, ids),
            "subject": municipality.organization_name,
            "breadcrumb_trail": [
                {"label": _("Municipalities"), "url": reverse("places:municipality_list")},
                {
                    "label": municipality.name,
                    "url": reverse("site:municipality", kwargs={"code": municipality.code}),
                },
                {"label": _("Timeline"), "url": ""},
            ],
        },
    )
