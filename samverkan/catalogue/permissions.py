"""Who may see, post and edit offerings.

Everyone sees open offerings that have not expired. Drafts, closed and expired offerings are seen
by coordinators and by their posters: users of the posting organisation (or of one of its units)
and the contact person. Partner users post for their own organisation, experts for their unit,
coordinators for anyone.
"""

from django.db.models import Q, QuerySet

from samverkan.accounts.roles import is_coordinator
from samverkan.directory.models import Organization
from samverkan.directory.visibility import AnyUser

from .models import Offering


def posting_organizations(user: AnyUser) -> QuerySet[Organization]:
    """The organisations and units the user may post offerings for."""
    if is_coordinator(user):
        return Organization.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Organization.objects.none()
    ids: set[int] = set()
    if user.organization_id:
        ids.add(user.organization_id)
    person = getattr(user, "person", None)
    if person is not None:
        ids.update(person.affiliations.values_list("organization_id", flat=True))
    return Organization.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))


def poster_filter(user: AnyUser) -> Q:
    """Offerings the user posted: by their organisation (or its units) or naming them as contact."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    query = Q(pk__in=[])
    if user.organization_id:
        query |= Q(organization_id=user.organization_id) | Q(
            organization__parent_id=user.organization_id
        )
    person = getattr(user, "person", None)
    if person is not None:
        query |= Q(contact=person)
    return query


def visible_offerings(user: AnyUser) -> QuerySet[Offering]:
    if is_coordinator(user):
        return Offering.objects.all()
    return Offering.objects.filter(
        Q(pk__in=Offering.objects.public().values("pk")) | poster_filter(user)
    )


def can_edit_offering(user: AnyUser, offering: Offering) -> bool:
    if is_coordinator(user):
        return True
    return Offering.objects.filter(poster_filter(user), pk=offering.pk).exists()
