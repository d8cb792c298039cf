"""Read-only queries about organisations and people, shared by the pages, imports and services."""

from django.db.models import F, Q, QuerySet

from samverkan.kernel.text import folded_words, has_every_word

from .models import Organization, Person


def find_organization(reference: str) -> Organization | None:
    """An organisation by external id, slug, Swedish or English name or short name (names are
    case-insensitive); top-level organisations win over units with the same name."""
    reference = reference.strip()
    if not reference:
        return None
    matches = Organization.objects.filter(
        Q(external_id=reference)
        | Q(slug=reference)
        | Q(name_sv__iexact=reference)
        | Q(name_en__iexact=reference)
        | Q(short_name__iexact=reference)
    ).order_by("parent_id", "id")
    exact = [o for o in matches if reference in {o.external_id, o.slug}]
    if exact:
        return exact[0]
    folded = reference.casefold()
    for organization in matches:
        names = {organization.name_sv, organization.name_en, organization.short_name}
        if folded in {name.casefold() for name in names if name}:
            return organization
    return None


def organization_names(organization: Organization) -> list[str]:
    """The names of an organisation and of every organisation it is part of."""
    names = []
    current: Organization | None = organization
    while current is not None:
        names.extend(n for n in (current.name_sv, current.name_en, current.short_name) if n)
        current = current.parent
    return names


def represented_organizations(person: Person) -> list[Organization]:
    """The top-level organisations a person works for, primary affiliation first."""
    result: dict[int, Organization] = {}
    for affiliation in person.affiliations.select_related("organization__parent__parent"):
        root = affiliation.organization.top
        result.setdefault(root.pk, root)
    return list(result.values())


def find_person(reference: str) -> Person | None:
    """A person by external id or e-mail address (as import files name people)."""
    return Person.objects.filter(Q(external_id=reference) | Q(email=reference.lower())).first()


# Whole organisations before units, then by name, on every database.
ORGANIZATION_ORDER = (F("parent_id").asc(nulls_first=True), "name_sv", "pk")


def search_organizations(
    organizations: QuerySet[Organization], text: str
) -> QuerySet[Organization]:
    """Organisations with every word of ``text`` in their own name or their parents', folded
    (case and å/ä/ö do not matter). Organisations number in the hundreds, not the hundred
    thousands: their names are compared in Python, in one query."""
    wanted = folded_words(text)
    if not wanted:
        return organizations.order_by(*ORGANIZATION_ORDER)
    names = organizations.values_list(
        "pk", "name_sv", "name_en", "short_name", "parent__name_sv", "parent__parent__name_sv"
    )
    found = [pk for pk, *texts in names if has_every_word(wanted, texts)]
    return Organization.objects.filter(pk__in=found).order_by(*ORGANIZATION_ORDER)
