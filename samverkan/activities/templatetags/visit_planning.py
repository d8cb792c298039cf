"""Whether the reader may plan visits, for the links on the arena and association pages (their
views belong to other apps and pass no such flag)."""

from django import template

from samverkan.accounts.roles import is_coordinator
from samverkan.arenas.models import Arena
from samverkan.places.models import MunicipalAssociation

from ..planning import can_plan_association

register = template.Library()


@register.simple_tag(takes_context=True)
def can_plan_arena_visits(context: template.Context, arena: Arena) -> bool:
    return is_coordinator(context["request"].user, arena)


@register.simple_tag(takes_context=True)
def can_plan_association_visits(
    context: template.Context, association: MunicipalAssociation
) -> bool:
    user = context["request"].user
    return user.is_authenticated and can_plan_association(user, association)
