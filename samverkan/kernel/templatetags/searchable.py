"""Lists of suggestions grouped by kind, in the order the kinds are registered for lists."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.functional import Promise

from samverkan.kernel import searchable

register = template.Library()


@dataclass
class KindGroup:
    kind: str
    label: str | Promise
    items: list[Any]


@register.filter
def by_kind(items: list[Any]) -> list[KindGroup]:
    """``items`` (anything with a ``kind``: results, stored suggestions) under one heading per
    kind, each keeping its order; a kind nobody registers any more comes last, named by itself."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    order = {kind: number for number, kind in enumerate(searchable.kinds())}
    return [
        KindGroup(kind, searchable.get(kind).label if kind in order else kind, groups[kind])
        for kind in sorted(groups, key=lambda kind: order.get(kind, len(order)))
    ]
