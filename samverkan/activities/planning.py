"""Visit planning: when each member municipality of an arena or an association of local
authorities was last visited and will be visited next, and a round of visits planned in one go.

A municipal visit is an activity of a kind marked ``is_visit`` that involves the municipality's
organisation and is not cancelled, as on the municipality page. The arena's plan counts the
arena's own visits (the arena plans its round); an association's plan counts the visits of every
arena the reader may see, since the association is not tied to one arena. Who may plan:

- an arena's plan: the arena's coordinators (and its admins);
- an association's plan: the coordinators of an arena that has one of the association's
  municipalities as a member; the round is planned in one of those arenas.

The page reads every row in two queries, whatever the number of municipalities: the
municipalities with the ids of their last and next visit as subqueries, then those visits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.roles import coordinated_arena_ids, is_coordinator, is_system_admin
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization, OrganizationKind, Person
from samverkan.directory.visibility import AnyUser
from samverkan.places.models import MunicipalAssociation, Municipality

from .models import Activity, ActivityKind, Status
from .selectors import visible_activities
from .services import ActivityData, activity_save, can_manage


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (31 May less 3 months is
    28 or 29 February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def visit_interval_months() -> int:
    """``SAMVERKAN_VISIT_INTERVAL_MONTHS``: a municipality not visited for longer is pointed out."""
    return settings.SAMVERKAN_VISIT_INTERVAL_MONTHS


@dataclass(frozen=True)
class MemberVisits:
    """One row of the plan."""

    municipality: Municipality
    organization: Organization | None
    last_visit: Activity | None
    next_visit: Activity | None
    overdue: bool  # no visit within the interval

    @property
    def can_be_visited(self) -> bool:
        """A visit involves the municipality's organisation: without one it cannot be planned."""
        return self.organization is not None


class Order:
    UNVISITED = "besok"  # the longest unvisited first (the default)
    NAME = "namn"
    NEXT = "nasta"  # unplanned first, then the soonest planned visit

    ALL = (UNVISITED, NAME, NEXT)


def _sort_key(order: str) -> Callable[[MemberVisits], tuple]:
    if order == Order.NAME:
        return lambda row: ()  # the database's order, by name
    if order == Order.NEXT:
        return lambda row: (row.next_visit is not None, row.next_visit and row.next_visit.starts_at)
    return lambda row: (row.last_visit is not None, row.last_visit and row.last_visit.starts_at)


def member_visits(
    municipalities: QuerySet[Municipality],
    visits: QuerySet[Activity],
    order: str = Order.UNVISITED,
    now: datetime | None = None,
) -> list[MemberVisits]:
    """The last and next of ``visits`` for each municipality, in two queries."""
    now = now or timezone.now()
    involving = visits.filter(organizations__municipality=OuterRef("pk"))
    last = involving.filter(starts_at__lt=now).order_by("-starts_at", "-pk").values("pk")[:1]
    upcoming = involving.filter(starts_at__gte=now).order_by("starts_at", "pk").values("pk")[:1]
    rows = list(
        municipalities.select_related("organization")
        .defer("geometry")
        .annotate(last_visit_id=Subquery(last), next_visit_id=Subquery(upcoming))
        .order_by("name", "pk")
    )
    ids = {pk for row in rows for pk in (row.last_visit_id, row.next_visit_id) if pk}
    found = (
        Activity.objects.filter(pk__in=ids).select_related("kind", "host__parent__parent")
        if ids
        else []
    )
    by_id = {activity.pk: activity for activity in found}
    since = months_before(now, visit_interval_months())
    plan = []
    for row in rows:
        last_visit = by_id.get(row.last_visit_id)
        plan.append(
            MemberVisits(
                municipality=row,
                organization=getattr(row, "organization", None),
                last_visit=last_visit,
                next_visit=by_id.get(row.next_visit_id),
                overdue=last_visit is None or last_visit.starts_at < since,
            )
        )
    return sorted(plan, key=_sort_key(order if order in Order.ALL else Order.UNVISITED))


def counted_visits(user: AnyUser) -> QuerySet[Activity]:
    """The visits the reader may see that count: of a visit kind, not cancelled."""
    return visible_activities(user).filter(kind__is_visit=True).exclude(status=Status.CANCELLED)


@dataclass(frozen=True)
class Scope:
    """What one plan covers: an arena's member municipalities or an association's; the arenas
    its round may be planned in; and its addresses."""

    name: str
    municipalities: QuerySet[Municipality]
    visits: QuerySet[Activity]
    arenas: list[Arena]
    url: str
    round_url: str
    back_url: str
    is_arena: bool

    def rows(self, order: str = Order.UNVISITED) -> list[MemberVisits]:
        return member_visits(self.municipalities, self.visits, order)


def arena_municipalities(arena: Arena) -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        organization__arena_memberships__arena=arena,
        organization__kind=OrganizationKind.MUNICIPALITY,
    ).distinct()


def arena_scope(user: AnyUser, arena: Arena) -> Scope:
    """The arena's plan, for its coordinators only."""
    if not is_coordinator(user, arena):
        raise PermissionDenied(_("Only the arena's coordinators plan its visits."))
    return Scope(
        name=arena.name,
        municipalities=arena_municipalities(arena),
        visits=counted_visits(user).filter(arena=arena),
        arenas=[arena],
        url=reverse("activities:plan_arena", kwargs={"slug": arena.slug}),
        round_url=reverse("activities:plan_arena_round", kwargs={"slug": arena.slug}),
        back_url=arena.get_absolute_url(),
        is_arena=True,
    )


def association_arenas(user: AnyUser, association: MunicipalAssociation) -> QuerySet[Arena]:
    """The active arenas the reader coordinates that have a member in the association."""
    arenas = Arena.objects.filter(
        is_active=True,
        memberships__organization__municipality__associations=association,
    ).distinct()
    if is_system_admin(user):
        return arenas
    return arenas.filter(pk__in=coordinated_arena_ids(user))


def can_plan_association(user: AnyUser, association: MunicipalAssociation) -> bool:
    return association_arenas(user, association).exists()


def association_scope(user: AnyUser, association: MunicipalAssociation) -> Scope:
    arenas = list(association_arenas(user, association))
    if not arenas:
        raise PermissionDenied(
            _("Only the coordinators of an arena with members in the association plan its visits.")
        )
    return Scope(
        name=association.name,
        municipalities=association.members.all(),
        visits=counted_visits(user),
        arenas=arenas,
        url=reverse("activities:plan_association", kwargs={"slug": association.slug}),
        round_url=reverse("activities:plan_association_round", kwargs={"slug": association.slug}),
        back_url=association.get_absolute_url(),
        is_arena=False,
    )


def visit_kinds(arenas: list[Arena]) -> QuerySet[ActivityKind]:
    """The kinds of activity that count as visits, every arena's and the given arenas' own."""
    return ActivityKind.objects.filter(is_visit=True).filter(
        Q(arena=None) | Q(arena__in=[arena.pk for arena in arenas])
    )


def round_hosts(arenas: list[Arena]) -> QuerySet[Organization]:
    """Who may host a round: the arenas' hosts and their members that are not municipalities."""
    return (
        Organization.objects.filter(parent=None)
        .filter(
            Q(hosted_arenas__in=[arena.pk for arena in arenas])
            | Q(arena_memberships__arena__in=[arena.pk for arena in arenas])
        )
        .exclude(kind=OrganizationKind.MUNICIPALITY)
        .distinct()
        .order_by("name_sv")
    )


@dataclass
class PlannedVisit:
    """One visit of a round: a municipality, a day and a time in Europe/Stockholm."""

    municipality: Municipality
    day: date
    starts: time
    ends: time
    address: str = ""

    def moment(self, clock: time) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.day, clock), timezone.get_default_timezone()
        )


@dataclass
class RoundData:
    """A round of visits, parsed from the planning form."""

    arena: Arena
    host: Organization
    kind: ActivityKind
    visits: list[PlannedVisit]
    people: list[Person] = field(default_factory=list)
    is_public: bool = True


class RoundInvalid(ValidationError):
    """What is wrong with a round: ``shared`` by field of the round, ``rows`` by the index of a
    visit and then by field (``municipality``, ``starts``, ``ends``, ``address``)."""

    def __init__(self, shared: dict[str, list[str]], rows: dict[int, dict[str, list[str]]]):
        super().__init__(
            {**shared, **({"visits": [_("Check the visits marked below.")]} if rows else {})}
        )
        self.shared = shared
        self.rows = rows


# Where the rules of one activity land in a row of the round.
ROW_FIELDS = {"starts_at": "starts", "ends_at": "ends", "address": "address"}


def _activity_data(data: RoundData, visit: PlannedVisit) -> ActivityData:
    name = visit.municipality.name
    return ActivityData(
        title_sv=f"Kommunbesök i {name}",
        title_en=f"Municipal visit to {name}",
        kind=data.kind,
        starts_at=visit.moment(visit.starts),
        ends_at=visit.moment(visit.ends),
        host=data.host,
        arena=data.arena,
        address=visit.address.strip(),
        is_public=data.is_public,
        organizations=[visit.municipality.organization],
        people=list(data.people),
    )


def _round_errors(data: RoundData) -> tuple[dict[str, list[str]], dict[int, dict]]:
    shared: dict[str, list[str]] = {}
    if not data.kind.is_visit or data.kind.arena_id not in (None, data.arena.pk):
        shared["kind"] = [_("Choose a kind of visit of this arena.")]
    if not data.visits:
        shared["visits"] = [_("Choose at least one municipality to visit.")]
    rows: dict[int, dict[str, list[str]]] = {}
    seen: set[int] = set()
    for index, visit in enumerate(data.visits):
        problems: dict[str, list[str]] = {}
        if getattr(visit.municipality, "organization", None) is None:
            problems["municipality"] = [
                _("%(name)s is not in the directory as an organisation yet.")
                % {"name": visit.municipality.name}
            ]
        elif visit.municipality.pk in seen:
            problems["municipality"] = [_("The round visits each municipality once.")]
        seen.add(visit.municipality.pk)
        if visit.ends <= visit.starts:
            problems["ends"] = [_("The visit must end after it starts.")]
        if problems:
            rows[index] = problems
    return shared, rows


@transaction.atomic
def plan_visit_round(actor: User | None, data: RoundData) -> list[Activity]:
    """One visit activity per municipality, through ``activity_save``: all of them or, when one
    visit is wrong, none (``RoundInvalid`` names the visit and its field)."""
    if not can_manage(actor, data.arena):
        raise PermissionDenied(_("Only the arena's coordinators can plan its activities."))
    shared, rows = _round_errors(data)
    if shared or rows:
        raise RoundInvalid(shared, rows)
    planned = []
    for index, visit in enumerate(data.visits):
        try:
            planned.append(activity_save(actor, _activity_data(data, visit)))
        except ValidationError as error:
            found = error.update_error_dict({})
            row = {
                ROW_FIELDS.get(name, "municipality"): messages for name, messages in found.items()
            }
            raise RoundInvalid({}, {index: row}) from error
    return planned
