"""The roles of the platform and the permission rules built on them.

Roles are not stored as flags: they follow from what an account is linked to, so that granting
coordinator rights in one arena never leaks into another.

- visitor: not logged in;
- partner user: an account that belongs to an organisation;
- expert: an account linked to a person in the directory;
- coordinator: listed as coordinator of an arena;
- arena admin: listed as administrator of an arena;
- system admin: a superuser.

Accounts sit below the arenas app, so an arena is passed in as any model instance: only its id
is read.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import Model

    from samverkan.accounts.models import User


class Role(StrEnum):
    VISITOR = "visitor"
    PARTNER = "partner"
    EXPERT = "expert"
    COORDINATOR = "coordinator"
    ARENA_ADMIN = "arena_admin"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.VISITOR: _("Visitor"),
    Role.PARTNER: _("Partner user"),
    Role.EXPERT: _("Expert"),
    Role.COORDINATOR: _("Coordinator"),
    Role.ARENA_ADMIN: _("Arena administrator"),
    Role.SYSTEM_ADMIN: _("System administrator"),
}


def is_system_admin(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _arena_ids(user: "User", relation: str) -> frozenset[int]:
    """The ids of the arenas a user administers or coordinates, read once per user object (a
    request's user lives for one request), so that permission checks in loops cost no queries."""
    cache = user.__dict__.setdefault("_arena_ids", {})
    if relation not in cache:
        cache[relation] = frozenset(getattr(user, relation).values_list("pk", flat=True))
    return cache[relation]


def is_arena_admin(user: "User | AnonymousUser", arena: "Model | None" = None) -> bool:
    """Admin of the given arena, or of any arena when none is given; system admins always are."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    arenas = _arena_ids(user, "administered_arenas")
    return arena.pk in arenas if arena else bool(arenas)


def is_coordinator(user: "User | AnonymousUser", arena: "Model | None" = None) -> bool:
    """Coordinator of the given arena (or of any); arena admins coordinate their own arenas."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_arena_admin(user, arena):
        return True
    arenas = _arena_ids(user, "coordinated_arenas")
    return arena.pk in arenas if arena else bool(arenas)


def coordinated_arena_ids(user: "User | AnonymousUser") -> frozenset[int]:
    """The arenas a user coordinates or administers (not every arena for a system admin)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _arena_ids(user, "coordinated_arenas") | _arena_ids(user, "administered_arenas")


def is_expert(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.is_active and hasattr(user, "person"))


def is_partner(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.is_active and user.organization_id)


def roles_of(user: "User | AnonymousUser") -> list[Role]:
    """Every role the account holds, most powerful last; a visitor holds only ``VISITOR``."""
    if not user.is_authenticated or not user.is_active:
        return [Role.VISITOR]
    checks = [
        (Role.PARTNER, is_partner),
        (Role.EXPERT, is_expert),
        (Role.COORDINATOR, is_coordinator),
        (Role.ARENA_ADMIN, is_arena_admin),
        (Role.SYSTEM_ADMIN, is_system_admin),
    ]
    return [role for role, check in checks if check(user)]


def can_edit_arena(user: "User | AnonymousUser", arena: "Model") -> bool:
    return is_arena_admin(user, arena)
