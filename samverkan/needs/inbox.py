"""The coordinators' inbox: filters, sorting and the board, over the needs a user coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena
from samverkan.places.models import MunicipalAssociation, Municipality
from samverkan.sdg.models import Goal

from .models import Need, NeedState
from .permissions import coordinated_arena_ids, coordinated_needs

SORTS = {
    "newest": ("-submitted_at", "-pk"),
    "oldest": ("submitted_at", "pk"),
    "quiet": ("last_public_update_at", "submitted_at", "pk"),
    "municipality": ("municipality__name", "-submitted_at", "pk"),
}
AGES = {"week": 7, "month": 30, "quarter": 91}
OPEN, CLOSED, ALL = "open", "closed", "all"


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(OPEN, _("Open needs")), (CLOSED, _("Closed needs")), (ALL, _("All needs"))],
        required=False,
    )
    state = forms.ModelChoiceField(
        label=_("State"), queryset=NeedState.objects.none(), required=False
    )
    arena = forms.ModelChoiceField(label=_("Arena"), queryset=Arena.objects.none(), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="code",
    )
    association = forms.ModelChoiceField(
        label=_("Association of municipalities"),
        queryset=MunicipalAssociation.objects.order_by("name"),
        required=False,
        to_field_name="slug",
    )
    assignee = forms.ChoiceField(label=_("Coordinator"), required=False)
    age = forms.ChoiceField(
        label=_("Sent"),
        choices=[
            ("", _("Any time")),
            ("week", _("Within a week")),
            ("month", _("Within a month")),
            ("quarter", _("Within three months")),
            ("older", _("More than three months ago")),
        ],
        required=False,
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.order_by("number"),
        required=False,
        to_field_name="number",
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("quiet", _("Longest without an update")),
            ("municipality", _("Municipality")),
        ],
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        arenas = coordinated_arena_ids(user)
        arena_queryset = (
            Arena.objects.all() if arenas is None else Arena.objects.filter(pk__in=arenas)
        )
        self.fields["arena"].queryset = arena_queryset
        self.fields["state"].queryset = NeedState.objects.filter(
            arena__in=arena_queryset
        ).select_related("arena")
        if len(arena_queryset) > 1:
            self.fields["state"].label_from_instance = lambda s: f"{s.name} ({s.arena})"
        coordinators = (
            User.objects.filter(
                Q(coordinated_arenas__in=arena_queryset) | Q(administered_arenas__in=arena_queryset)
            )
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["assignee"].choices = [
            ("", _("Anybody")),
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *((str(u.pk), u.full_name or u.email) for u in coordinators),
        ]


@dataclass
class Inbox:
    needs: QuerySet[Need]
    form: InboxFilterForm


def inbox(user: User, data: dict) -> Inbox:
    form = InboxFilterForm(data, user=user)
    needs = coordinated_needs(user)
    values = form.cleaned_data if form.is_valid() else {}
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
    needs = (
        needs.distinct()
        .select_related("state", "arena", "municipality", "assignee", "organization")
        .prefetch_related("goals")
        .order_by(*order)
    )
    return Inbox(needs, form)


def quiet_since() -> timezone.datetime:
    """Needs whose submitter has heard nothing since before this get a badge."""
    return timezone.now() - timedelta(days=settings.SAMVERKAN_NEEDS_QUIET_DAYS)


def is_quiet(need: Need, since: timezone.datetime) -> bool:
    if need.is_closed:
        return False
    last = need.last_public_update_at or need.submitted_at
    return bool(last and last < since)
