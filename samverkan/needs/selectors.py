"""Reading needs: the coordinators' inbox and the needs shown on a municipality's page. Every
change goes through ``services``; these functions only query."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.directory.visibility import AnyUser
from samverkan.places.models import Municipality

from .models import Attention, Need, NeedSeen, Status
from .permissions import coordinated_needs, visible_needs
from .workflow import shown_state

SORTS = {
    "newest": ("-submitted_at", "-pk"),
    "oldest": ("submitted_at", "pk"),
    "quiet": ("last_public_update_at", "submitted_at", "pk"),
    "municipality": ("municipality__name", "-submitted_at", "pk"),
}
AGES = {"week": 7, "month": 30, "quarter": 91}
OPEN, CLOSED, ALL = "open", "closed", "all"


def inbox(user: User, values: dict) -> QuerySet[Need]:
    """The needs the user coordinates, filtered and sorted by the inbox's filter values (the
    cleaned data of ``forms.InboxFilterForm``; empty for the defaults)."""
    needs = coordinated_needs(user)
    show = values.get("show") or OPEN
    if show == OPEN:
        needs = needs.filter(state__is_terminal=False)
    elif show == CLOSED:
        needs = needs.filter(state__is_terminal=True)
    if values.get("q"):
        words = values["q"]
        needs = needs.filter(
            Q(title__icontains=words) | Q(text__icontains=words) | Q(reference__iexact=words)
        )
    for name in ("state", "arena", "municipality"):
        if values.get(name):
            needs = needs.filter(**{name: values[name]})
    if values.get("association"):
        needs = needs.filter(municipality__associations=values["association"])
    if values.get("goal"):
        needs = needs.filter(goals=values["goal"])
    assignee = values.get("assignee")
    if assignee == "me":
        needs = needs.filter(assignee=user)
    elif assignee == "none":
        needs = needs.filter(assignee__isnull=True)
    elif assignee:
        needs = needs.filter(assignee_id=int(assignee))
    age = values.get("age")
    if age in AGES:
        needs = needs.filter(submitted_at__gte=timezone.now() - timedelta(days=AGES[age]))
    elif age == "older":
        needs = needs.filter(submitted_at__lt=timezone.now() - timedelta(days=AGES["quarter"]))
    order = SORTS.get(values.get("sort") or "newest", SORTS["newest"])
    seen = NeedSeen.objects.filter(need=OuterRef("pk"), user=user).values("seen_at")[:1]
    return (
        needs.distinct()
        .annotate(seen_at=Subquery(seen))
        .select_related("state", "arena", "municipality", "assignee", "organization")
        .prefetch_related("goals")
        .order_by(*order)
    )


def quiet_since() -> timezone.datetime:
    """Needs whose submitter has heard nothing since before this get a badge."""
    return timezone.now() - timedelta(days=settings.SAMVERKAN_NEEDS_QUIET_DAYS)


def is_quiet(need: Need, since: timezone.datetime) -> bool:
    if need.is_closed:
        return False
    last = need.last_public_update_at or need.submitted_at
    return bool(last and last < since)


def has_news(need: Need) -> str:
    """What is new on a need from the inbox (annotated with the reader's ``seen_at``) since the
    reader last opened it: an interested expert or the submitter's reply, or ``""``."""
    if need.attention_at is None:
        return ""
    seen = getattr(need, "seen_at", None)
    if seen is not None and seen >= need.attention_at:
        return ""
    return Attention(need.attention).label if need.attention in Attention.values else ""


def municipality_needs(user: AnyUser, municipality: Municipality) -> list[Need]:
    """The needs from a municipality that the reader may see, newest first, each with the state
    its reader is shown (``shown``): for the municipality page."""
    needs = list(
        visible_needs(user)
        .filter(municipality=municipality, status=Status.OPEN)
        .select_related("state", "arena")
        .prefetch_related("arena__need_states")
        .order_by("-submitted_at", "-pk")[:6]
    )
    for need in needs:
        need.shown = shown_state(need, list(need.arena.need_states.all()))
    return needs
