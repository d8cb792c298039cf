"""What the activities app makes searchable: activities, public ones for everyone and internal
ones for their arena's coordinators. Search finds every activity, held ones too; a need is only
suggested those still to come (``current``): a workshop on its theme it can still go to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from samverkan.directory.models import Organization
from samverkan.directory.search_sources import organization_counties
from samverkan.kernel.searchable import (
    AnyUser,
    Audience,
    Dependency,
    SearchSource,
    Source,
    both,
    register,
)
from samverkan.kernel.translation import in_english

from .models import Activity, ActivityKind, Status
from .selectors import visible_activities

ACTIVITY = "activity"


def activity_subtitle(activity: Activity) -> str:
    """ "Workshop, 14 oktober 2027, Högskolan i Borås" in the active language; a cancelled one
    says so."""
    day = formats.date_format(
        timezone.localtime(activity.starts_at, timezone.get_default_timezone()), "j F Y"
    )
    parts = [str(activity.kind), day, str(activity.host)]
    if activity.status == Status.CANCELLED:
        parts.append(str(activity.get_status_display()).lower())
    return ", ".join(parts)


def activity_sources(activities: QuerySet[Activity]) -> Iterator[Source]:
    for activity in activities.select_related("kind", "host__parent").prefetch_related(
        "goals",
        "organizations__county",
        "organizations__municipality__county",
        "organizations__seat__county",
    ):
        organizations = list(activity.organizations.all())
        yield Source(
            kind=ACTIVITY,
            object_id=activity.pk,
            external_id=activity.external_id,
            title=activity.title,
            subtitle=activity_subtitle(activity),
            subtitle_en=in_english(activity_subtitle, activity),
            keywords=activity.kind.name,
            body=both(
                both(activity.title_sv, activity.title_en),
                both(
                    both(activity.description_sv, activity.description_en),
                    both(activity.agenda_sv, activity.agenda_en),
                ),
            ),
            goals=sorted(goal.number for goal in activity.goals.all()),
            counties=sorted({code for org in organizations for code in organization_counties(org)}),
            audience=Audience.EVERYONE if activity.is_public else Audience.COORDINATORS,
        )


def visible_activity_ids(user: AnyUser, ids: list[int]) -> set[int]:
    """The activities' own rule: internal ones for the coordinators of their arena only."""
    return set(visible_activities(user).filter(pk__in=ids).values_list("pk", flat=True))


def coming_activity_ids(ids: list[int]) -> set[int]:
    """Those that have not ended and are not cancelled: the ones worth suggesting for a need."""
    coming = Activity.objects.filter(pk__in=ids, ends_at__gte=timezone.now()).exclude(
        status=Status.CANCELLED
    )
    return set(coming.values_list("pk", flat=True))


def _activities_of_kind(kind: ActivityKind) -> list[int]:
    return list(kind.activities.values_list("pk", flat=True))


def _activities_with(organization: Organization) -> Iterable[int]:
    """A renamed organisation changes the subtitle of what it hosts; a moved one the counties of
    what it takes part in."""
    involved = Activity.objects.filter(Q(host=organization) | Q(organizations=organization))
    return set(involved.values_list("pk", flat=True))


def register_sources() -> None:
    register(
        SearchSource(
            kind=ACTIVITY,
            label=_("Activities"),
            model=Activity,
            build=activity_sources,
            visible=visible_activity_ids,
            current=coming_activity_ids,
            links=("goals", "organizations"),
            dependencies=(
                Dependency(ActivityKind, _activities_of_kind, on_create=False, on_delete=False),
                Dependency(Organization, _activities_with, on_create=False, on_delete=False),
            ),
            matched=True,
            order=35,
            lead=_("Activity on %(topic)s"),
        )
    )
