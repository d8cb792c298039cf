"""Activities in the API: the list and detail for everyone (internal ones for the arena's
coordinators), planning, changing and cancelling for the arena's coordinators, registration
without an account (rate-limited per address), and the coordinators' list of registrations.

Writes go through ``activity_save`` and ``activity_cancel``, as on the pages: the same rules,
the same messages (``field: message`` in a 400), and a change raises the calendar ``SEQUENCE``.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited
from ninja import Field, Query, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization, Person
from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination
from samverkan.sdg.models import Goal

from .importers import kind_for
from .models import Activity, ActivityKind, Registration, RegistrationMode, RegistrationStatus
from .selectors import visible_activities, with_details
from .services import (
    FIELDS,
    ActivityData,
    RegistrationData,
    active_registrations,
    activity_cancel,
    activity_save,
    can_manage,
    cancel_registration,
    register,
    registration_from_token,
    registration_token,
)

router = Router(tags=["activities"])


class ActivityOut(Schema):
    id: int
    uid: str
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    agenda_sv: str
    agenda_en: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    address: str
    online_url: str
    host: int
    arena: str
    organizations: list[int]
    municipalities: list[str]
    people: list[int]
    sdgs: list[int]
    is_public: bool
    status: str
    registration: str
    capacity: int | None
    places_taken: int
    waiting: int
    sequence: int

    @staticmethod
    def resolve_uid(obj: Activity) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_kind(obj: Activity) -> str:
        return obj.kind.slug

    @staticmethod
    def resolve_host(obj: Activity) -> int:
        return obj.host_id

    @staticmethod
    def resolve_arena(obj: Activity) -> str:
        return obj.arena.slug

    @staticmethod
    def resolve_organizations(obj: Activity) -> list[int]:
        return [organization.pk for organization in obj.organizations.all()]

    @staticmethod
    def resolve_municipalities(obj: Activity) -> list[str]:
        return sorted(
            organization.municipality.code
            for organization in obj.organizations.all()
            if organization.municipality_id
        )

    @staticmethod
    def resolve_people(obj: Activity) -> list[int]:
        return [person.pk for person in obj.people.all()]

    @staticmethod
    def resolve_sdgs(obj: Activity) -> list[int]:
        return sorted(goal.number for goal in obj.goals.all())

    @staticmethod
    def resolve_places_taken(obj: Activity) -> int:
        return obj.taken

    @staticmethod
    def resolve_waiting(obj: Activity) -> int:
        return obj.waiting


class ActivityFilters(Schema):
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="SCB code involved")
    organization: int | None = Field(None, ge=1, description="id of the host or one involved")
    arena: str | None = Field(None, pattern=r"^[a-z0-9-]+$")
    sdg: int | None = Field(None, ge=1, le=17)
    kind: str | None = Field(None, pattern=r"^[a-z0-9-]+$")
    from_: date | None = Field(None, alias="from", description="ending on or after this day")
    to: date | None = Field(None, description="starting on or before this day")


def activities(request: HttpRequest) -> QuerySet[Activity]:
    return with_details(visible_activities(request.user)).prefetch_related(
        "organizations__municipality"
    )


@router.get("/activities", response=list[ActivityOut], summary="Activities")
@paginate(LimitOffsetPagination)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> QuerySet[Activity]:
    result = activities(request)
    if filters.municipality:
        result = result.filter(organizations__municipality__code=filters.municipality)
    if filters.organization:
        result = result.filter(
            Q(host_id=filters.organization) | Q(organizations__id=filters.organization)
        )
    if filters.arena:
        result = result.filter(arena__slug=filters.arena)
    if filters.sdg:
        result = result.filter(goals__number=filters.sdg)
    if filters.kind:
        if not ActivityKind.objects.filter(slug=filters.kind).exists():
            raise HttpError(400, f"kind: no kind of activity is called {filters.kind}.")
        result = result.filter(kind__slug=filters.kind)
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise HttpError(400, "to: must be on or after from.")
    if filters.from_:
        result = result.filter(ends_at__gte=_day_start(filters.from_))
    if filters.to:
        result = result.filter(starts_at__lt=_day_start(filters.to, after=True))
    return result.distinct().order_by("starts_at", "pk")


def _day_start(day: date, after: bool = False) -> datetime:
    """Midnight in Stockholm at the start of ``day`` (or of the next day)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start + timedelta(days=1) if after else start


@router.get("/activities/{activity_id}", response={200: ActivityOut, 404: ErrorOut})
def get_activity(request: HttpRequest, activity_id: int) -> Activity:
    found = activities(request).filter(pk=activity_id).first()
    if found is None:
        raise Http404(f"No activity with id {activity_id}.")
    return found


class RegistrationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    organization_name: str = Field("", max_length=200)
    dietary: str = Field("", max_length=500)
    accessibility: str = Field("", max_length=500)


class RegistrationOut(Schema):
    id: int
    activity: int
    name: str
    email: str
    organization_name: str
    status: RegistrationStatus
    token: str | None = None

    @staticmethod
    def resolve_activity(obj: Registration) -> int:
        return obj.activity_id


class RegistrationRow(Schema):
    id: int
    name: str
    email: str
    organization_name: str
    dietary: str
    accessibility: str
    status: RegistrationStatus
    attended: bool | None


@router.post(
    "/activities/{activity_id}/registrations",
    response={201: RegistrationOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Register (no account needed); the answer holds the registration's token",
)
def create_registration(request: HttpRequest, activity_id: int, body: RegistrationIn) -> Response:
    """At most ``SAMVERKAN_REGISTRATION_RATE`` registrations per address (429 beyond it)."""
    if is_ratelimited(
        request,
        group="activities.register",
        key="ip",
        rate=settings.SAMVERKAN_REGISTRATION_RATE,
        method="POST",
        increment=True,
    ):
        raise HttpError(429, "Too many registrations from this address; try again later.")
    activity = get_activity(request, activity_id)
    data = RegistrationData(**body.model_dump())
    if request.user.is_authenticated:
        data.user = request.user
    made = register(activity, data)  # a refusal is answered 400 by the API's shared handler
    made.token = registration_token(made)  # shown once, in this answer
    return Response(201, made)


@router.get(
    "/registrations/{token}",
    response={200: RegistrationOut, 404: ErrorOut},
    summary="The registration a token names",
)
def get_registration(request: HttpRequest, token: str) -> Registration:
    found = registration_from_token(token)
    if found is None:
        raise Http404("No registration has this token.")
    return found


@router.delete(
    "/registrations/{token}",
    response={200: RegistrationOut, 404: ErrorOut},
    summary="Cancel the registration a token names; the first on the waiting list moves up",
)
def delete_registration(request: HttpRequest, token: str) -> Registration:
    found = get_registration(request, token)
    cancel_registration(found)
    found.refresh_from_db()
    return found


@router.get(
    "/activities/{activity_id}/registrations",
    response=list[RegistrationRow],
    auth=django_auth,
    summary="The registrations of an activity (the arena's coordinators)",
)
@paginate(LimitOffsetPagination)
def list_registrations(request: HttpRequest, activity_id: int) -> QuerySet[Registration]:
    activity = get_activity(request, activity_id)
    if not can_manage(request.user, activity.arena):
        raise HttpError(403, "Only the arena's coordinators see its registrations.")
    return active_registrations(activity).order_by("created_at", "pk")


def _stockholm(value: datetime) -> datetime:
    """A time without a zone is Stockholm time."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


class ActivityPatch(Schema):
    """What a change may say; a field left out keeps its value."""

    title_sv: str | None = Field(None, max_length=250)
    title_en: str | None = Field(None, max_length=250)
    description_sv: str | None = None
    description_en: str | None = None
    agenda_sv: str | None = None
    agenda_en: str | None = None
    kind: str | None = Field(None, description="slug of a kind of activity")
    starts_at: datetime | None = Field(None, description="ISO 8601; without a zone: Stockholm")
    ends_at: datetime | None = Field(None, description="ISO 8601; without a zone: Stockholm")
    address: str | None = Field(None, max_length=300)
    online_url: str | None = Field(None, max_length=200)
    host: int | None = Field(None, description="id of the hosting organisation")
    arena: str | None = Field(None, description="slug of the arena")
    organizations: list[int] | None = Field(None, description="ids of the organisations involved")
    people: list[int] | None = Field(None, description="ids of hosts and speakers")
    sdgs: list[int] | None = Field(None, description="numbers of the Global Goals")
    is_public: bool | None = None
    registration: RegistrationMode | None = None
    capacity: int | None = Field(None, description="places; null for no limit")
    waiting_list: bool | None = None


class ActivityIn(ActivityPatch):
    """A new activity: a title, a kind, a time, a host and an arena at least."""

    title_sv: str = Field(max_length=250)
    kind: str = Field(description="slug of a kind of activity")
    starts_at: datetime = Field(description="ISO 8601; without a zone: Stockholm")
    ends_at: datetime = Field(description="ISO 8601; without a zone: Stockholm")
    host: int = Field(description="id of the hosting organisation")
    arena: str = Field(description="slug of the arena")


# Fields the service takes as they come; ``capacity`` may be set back to null (no limit).
PLAIN = (
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "agenda_sv",
    "agenda_en",
    "address",
    "online_url",
    "is_public",
    "registration",
    "waiting_list",
)


def _arena(slug: str) -> Arena:
    arena = Arena.objects.filter(slug=slug).first()
    if arena is None:
        raise HttpError(400, f"arena: no arena is called {slug}.")
    return arena


def _by_id(model: type[Organization] | type[Person], ids: list[int], field: str) -> list:
    """The objects of ``ids`` in their order, or a 400 naming ``field`` and an unknown id."""
    found = model.objects.in_bulk(ids)
    if missing := [pk for pk in ids if pk not in found]:
        raise HttpError(400, f"{field}: nothing has the id {missing[0]}.")
    return list(dict.fromkeys(found[pk] for pk in ids))


def _data(body: ActivityPatch, current: dict) -> ActivityData:
    """``current`` (what the activity says now) with what the body says, its references
    resolved; a 400 names a field whose reference is unknown. The service checks the rest."""
    given = body.model_dump(exclude_unset=True)
    values = {**current, **{k: v for k, v in given.items() if k in PLAIN and v is not None}}
    if "capacity" in given:
        values["capacity"] = given["capacity"]
    if body.arena is not None and getattr(values.get("arena"), "slug", None) != body.arena:
        values["arena"] = _arena(body.arena)
    if body.kind is not None:
        if not ActivityKind.objects.filter(slug=body.kind).exists():
            raise HttpError(400, f"kind: no kind of activity is called {body.kind}.")
        values["kind"] = kind_for(body.kind, values["arena"])
    if body.host is not None:
        values["host"] = _by_id(Organization, [body.host], "host")[0]
    if body.organizations is not None:
        values["organizations"] = _by_id(Organization, body.organizations, "organizations")
    if body.people is not None:
        values["people"] = _by_id(Person, body.people, "people")
    if body.sdgs is not None:
        goals = Goal.objects.filter(number__in=body.sdgs)
        if len(goals) != len(set(body.sdgs)):
            raise HttpError(400, "sdgs: the goals are numbered 1 to 17.")
        values["goals"] = list(goals)
    for name in ("starts_at", "ends_at"):
        if given.get(name) is not None:
            values[name] = _stockholm(given[name])
    return ActivityData(**values)


def _current(activity: Activity) -> dict:
    """What the activity says now, by the service's field names."""
    return {
        **{name: getattr(activity, name) for name in (*FIELDS, "external_id")},
        "organizations": list(activity.organizations.all()),
        "people": list(activity.people.all()),
        "goals": list(activity.goals.all()),
    }


def _guarded(request: HttpRequest, arena: Arena) -> None:
    if not can_manage(request.auth, arena):
        raise HttpError(403, "Only the arena's coordinators can plan and change its activities.")


WRITE_ERRORS = {status: ErrorOut for status in (400, 401, 403, 404)}


@router.post(
    "/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Plan an activity (the arena's coordinators)",
)
def create_activity(request: HttpRequest, body: ActivityIn) -> Response:
    """Times without a zone are Stockholm time; rich text is sanitised as on the pages."""
    arena = _arena(body.arena)
    _guarded(request, arena)
    made = activity_save(request.auth, _data(body, {"arena": arena}))
    return Response(201, activities(request).get(pk=made.pk))


@router.patch(
    "/activities/{activity_id}",
    response={200: ActivityOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Change an activity (the arena's coordinators); the UID stays, SEQUENCE rises",
)
def update_activity(request: HttpRequest, activity_id: int, body: ActivityPatch) -> Activity:
    """Fields left out keep their values; moving it to another arena needs both arenas."""
    activity = get_activity(request, activity_id)
    _guarded(request, activity.arena)
    activity_save(request.auth, _data(body, _current(activity)), activity)
    return activities(request).get(pk=activity.pk)


@router.post(
    "/activities/{activity_id}/cancel",
    response={200: ActivityOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Cancel an activity (the arena's coordinators); everyone registered is told",
)
def cancel_activity(request: HttpRequest, activity_id: int) -> Activity:
    activity = get_activity(request, activity_id)
    _guarded(request, activity.arena)
    activity_cancel(request.auth, activity)
    return activities(request).get(pk=activity.pk)
