"""Activities in the API: the list and detail for everyone (internal ones for the arena's
coordinators), registration without an account, and the coordinators' list of registrations."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination

from .models import Activity, ActivityKind, Registration, RegistrationStatus
from .selectors import visible_activities, with_details
from .services import (
    RegistrationData,
    active_registrations,
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
    response={201: RegistrationOut, 400: ErrorOut, 404: ErrorOut},
    summary="Register (no account needed); the answer holds the registration's token",
)
def create_registration(request: HttpRequest, activity_id: int, body: RegistrationIn) -> Response:
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
