"""Read-side queries about arenas that other pages show."""

from django.db.models import QuerySet

from samverkan.directory.models import Organization

from .models import Arena


def arenas_of(organization: Organization | None) -> QuerySet[Arena]:
    """The active arenas the organisation is a member of (none without an organisation)."""
    if organization is None:
        return Arena.objects.none()
    return Arena.objects.filter(is_active=True, memberships__organization=organization)
