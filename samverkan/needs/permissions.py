"""Who may see and do what with needs. Every view and endpoint goes through these rules.

- coordinators see every sent need of the arenas they coordinate (system admins: all arenas),
  with internal notes, and work on them;
- a submitter sees their own needs, drafts included; a partner user sees every sent need of
  their organisation;
- an expert sees the sent needs they are suggested for or chosen for (not those where the
  coordinator turned the suggestion down);
- everybody sees the public challenges: needs whose submitter chose to publish them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from samverkan.accounts.roles import coordinated_arena_ids as arenas_of
from samverkan.accounts.roles import is_coordinator, is_system_admin
from samverkan.directory.visibility import AnyUser

from .models import Decision, Need, NeedMatch, Status


def coordinated_arena_ids(user: AnyUser) -> frozenset[int] | None:
    """The arenas whose needs the user coordinates; ``None`` means all of them."""
    if is_system_admin(user):
        return None
    return arenas_of(user)


def visible_needs(user: AnyUser) -> QuerySet[Need]:
    sent = Q(status=Status.OPEN)
    rule = sent & Q(is_public=True)
    if user.is_authenticated and user.is_active:
        rule |= Q(submitter=user)
        if user.organization_id:
            rule |= sent & Q(organization_id=user.organization_id)
        person = getattr(user, "person", None)
        if person is not None:
            suggested = NeedMatch.objects.filter(person=person).exclude(decision=Decision.REJECTED)
            rule |= sent & Q(pk__in=suggested.values("need_id"))
        arenas = coordinated_arena_ids(user)
        if arenas is None:
            rule |= sent
        elif arenas:
            rule |= sent & Q(arena_id__in=arenas)
    return Need.objects.filter(rule)


def coordinated_needs(user: AnyUser) -> QuerySet[Need]:
    """The needs in the user's inbox."""
    arenas = coordinated_arena_ids(user)
    needs = Need.objects.filter(status=Status.OPEN)
    if arenas is None:
        return needs
    return needs.filter(arena_id__in=arenas)


def can_coordinate(user: AnyUser, need: Need) -> bool:
    return need.status == Status.OPEN and is_coordinator(user, need.arena)


def is_submitter_side(user: AnyUser, need: Need) -> bool:
    """The submitter, or a partner user of the asking organisation: they follow the need."""
    if not user.is_authenticated:
        return False
    if need.submitter_id == user.pk:
        return True
    return bool(user.organization_id and need.organization_id == user.organization_id)
