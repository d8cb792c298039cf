"""What the activity pages and the API read."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from samverkan.accounts.roles import coordinated_arena_ids, is_system_admin
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization
from samverkan.directory.visibility import AnyUser
from samverkan.places.models import Municipality

from .models import Activity, RegistrationStatus, Status


def visible_activities(user: AnyUser) -> QuerySet[Activity]:
    """Public activities for everyone; internal ones for the coordinators of their arena."""
    activities = Activity.objects.all()
    if is_system_admin(user):
        return activities
    arenas = coordinated_arena_ids(user)
    return activities.filter(Q(is_public=True) | Q(arena__in=arenas))


def upcoming(activities: QuerySet[Activity], past: bool = False) -> QuerySet[Activity]:
    """Activities that have not ended, soonest first; or those that have, latest first."""
    now = timezone.now()
    if past:
        return activities.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return activities.filter(ends_at__gte=now).order_by("starts_at", "pk")


def with_details(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """What a page shows of each activity, in a fixed number of queries."""
    return (
        activities.select_related("kind", "host__parent__parent", "arena")
        .prefetch_related("organizations", "people", "goals")
        .annotate(
            taken=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            ),
            waiting=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
        )
    )


FEED_HISTORY = timedelta(days=90)  # how far back a feed reaches, so recent changes still arrive


def organization_feed_activities(organization: Organization) -> QuerySet[Activity]:
    """Public activities the organisation hosts or takes part in, cancelled ones included (so
    subscribers see the cancellation), from ``FEED_HISTORY`` back."""
    return _recent_public().filter(Q(host=organization) | Q(organizations=organization)).distinct()


def arena_feed_activities(arena: Arena) -> QuerySet[Activity]:
    """Public activities of the arena, cancelled ones included, from ``FEED_HISTORY`` back."""
    return _recent_public().filter(arena=arena)


def _recent_public() -> QuerySet[Activity]:
    return Activity.objects.filter(is_public=True, ends_at__gte=timezone.now() - FEED_HISTORY)


@dataclass(frozen=True)
class MunicipalityActivities:
    """What a municipality page says of its activities: the last and next visit, and the
    coming activities it takes part in."""

    last_visit: Activity | None
    next_visit: Activity | None
    coming: list[Activity]


COMING_ON_PAGE = 5


def municipality_activities(user: AnyUser, municipality: Municipality) -> MunicipalityActivities:
    """Three small queries whatever the municipality's history holds."""
    now = timezone.now()
    involved = (
        visible_activities(user)
        .filter(organizations__municipality=municipality)
        .exclude(status=Status.CANCELLED)
        .select_related("kind", "host")
        .distinct()
    )
    visits = involved.filter(kind__is_visit=True)
    return MunicipalityActivities(
        last_visit=visits.filter(starts_at__lt=now).order_by("-starts_at", "-pk").first(),
        next_visit=visits.filter(starts_at__gte=now).order_by("starts_at", "pk").first(),
        coming=list(involved.filter(ends_at__gte=now).order_by("starts_at", "pk")[:COMING_ON_PAGE]),
    )
