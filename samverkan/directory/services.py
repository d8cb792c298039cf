"""Finding and creating organisations and people: shared by imports, the demo and the pages."""

from django.db.models import Model, Q
from django.utils.text import slugify

from samverkan.core.text import ascii_fold

from .models import Organization, OrganizationKind


def unique_slug(model: type[Model], text: str, max_length: int = 100) -> str:
    base = slugify(ascii_fold(text))[:max_length].strip("-") or "x"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{number}"
        number += 1
    return slug


def find_organization(reference: str) -> Organization | None:
    """An organisation by external id, Swedish or English name or short name (case-insensitive);
    top-level organisations win over units with the same name."""
    reference = reference.strip()
    if not reference:
        return None
    matches = Organization.objects.filter(
        Q(external_id=reference)
        | Q(name_sv__iexact=reference)
        | Q(name_en__iexact=reference)
        | Q(short_name__iexact=reference)
    ).order_by("parent_id", "id")
    exact = [o for o in matches if o.external_id == reference]
    if exact:
        return exact[0]
    folded = reference.casefold()
    for organization in matches:
        names = {organization.name_sv, organization.name_en, organization.short_name}
        if folded in {name.casefold() for name in names if name}:
            return organization
    return None


def create_organization(name: str, kind: str = OrganizationKind.OTHER) -> Organization:
    return Organization.objects.create(
        name_sv=name, kind=kind, slug=unique_slug(Organization, name)
    )
