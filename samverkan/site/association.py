"""An association of local authorities' page: its members, the universities' contacts for it and
what goes on in its municipalities.

Composed here from each app's read-side queries, like the municipality page: places knows the
members, directory the contacts, collaborations and needs their own activity.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.collaborations.selectors import visible_collaborations, with_details
from samverkan.directory.contacts import contacts_for_association
from samverkan.needs.models import Status
from samverkan.needs.selectors import visible_needs
from samverkan.places.models import MunicipalAssociation, Municipality


@dataclass
class MemberActivity:
    municipality: Municipality
    collaborations: int
    needs: int


def association_detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(
        MunicipalAssociation.objects.select_related("county"), slug=slug
    )
    members = list(
        association.members.select_related("county").defer("geometry", "county__geometry")
    )
    collaborations = visible_collaborations(request.user).filter(
        parties__organization__municipality__in=members
    )
    collaboration_counts = _counts(collaborations, "parties__organization__municipality")
    need_counts = _counts(
        visible_needs(request.user).filter(municipality__in=members, status=Status.OPEN),
        "municipality",
    )
    activity = [
        MemberActivity(m, collaboration_counts.get(m.pk, 0), need_counts.get(m.pk, 0))
        for m in members
    ]
    return render(
        request,
        "site/association.html",
        {
            "association": association,
            "members": activity,
            "contacts": contacts_for_association(association),
            "collaboration_total": collaborations.distinct().count(),
            "recent_collaborations": with_details(collaborations.distinct()).order_by(
                "-starts_on", "pk"
            )[:5],
            "breadcrumb_trail": [
                {"label": _("Municipalities"), "url": reverse("places:municipality_list")},
                {"label": association.name, "url": ""},
            ],
        },
    )


def _counts(queryset: QuerySet, key: str) -> dict[int, int]:
    """How many distinct rows of ``queryset`` each municipality has, in one query."""
    return {
        row[key]: row["count"]
        for row in queryset.values(key).annotate(count=Count("pk", distinct=True)).order_by()
    }
