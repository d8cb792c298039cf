"""An organisation's whole timeline, from every domain that registered a source with the kernel."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.kernel.timeline import timeline_context

from .models import Organization
from .timeline import organization_ids


def organization_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation and its units, filtered by kind and year, a page at a time."""
    organization = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    return render(
        request,
        "timeline/page.html",
        {
            **timeline_context(request, organization_ids(organization)),
            "subject": organization.name,
            "breadcrumb_trail": [
                {"label": _("Organisations"), "url": reverse("directory:organization_list")},
                {"label": organization.name, "url": organization.get_absolute_url()},
                {"label": _("Timeline"), "url": ""},
            ],
        },
    )
