"""Which universities are active in a municipality by the measure of the other domains: a
collaboration with the municipality, or an open offering from a university in its county.

Kept apart from :mod:`samverkan.directory.contacts`, which the visibility rules (and so the
collaborations' selectors) import: the contacts take these ids as an argument, and the
municipality page and the contacts API both ask here, so that they show the same universities.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q

from samverkan.catalogue.models import Offering
from samverkan.collaborations.selectors import visible_collaborations
from samverkan.places.models import Municipality

from .models import Organization, OrganizationKind


def _of_university(path: str) -> Q:
    """``path`` is the university itself or one of its units, down to two levels."""
    university = OuterRef("pk")
    return (
        Q(**{path: university})
        | Q(**{f"{path}__parent": university})
        | Q(**{f"{path}__parent__parent": university})
    )


def active_universities(municipality: Municipality, organization: Organization | None) -> set[int]:
    """Ids of the universities with a public collaboration with the municipality (whose
    organisation is ``organization``), or with an open offering while seated in its county.
    One query, whatever the number of universities."""
    active = Q(
        Exists(Offering.objects.public().filter(_of_university("organization"))),
        seat__county_id=municipality.county_id,
    )
    if organization is not None:
        collaborations = visible_collaborations(AnonymousUser()).filter(
            parties__organization=organization
        )
        active |= Q(Exists(collaborations.filter(_of_university("parties__organization"))))
    return set(
        Organization.objects.filter(kind=OrganizationKind.UNIVERSITY, parent__isnull=True)
        .filter(active)
        .values_list("pk", flat=True)
    )
