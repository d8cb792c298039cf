"""Needs over the API: submit one, read where it stands, and the coordinators' operations.

The rules are the pages' rules (``permissions``): a caller reads only the needs they may see,
the submitter's side reads the public updates, and only the arena's coordinators read internal
notes, contact details and suggestions, or change anything.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Field, Query, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import ExpertProfile
from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from . import services
from .models import MAX_TEXT, Decision, Need, NeedEvent, NeedMatch, Notify, Status, Timeframe
from .permissions import can_coordinate, is_submitter_side, visible_needs
from .workflow import shown_state

router = Router(tags=["needs"])


class EventOut(Schema):
    kind: str
    text: str
    state: str | None
    public: bool
    at: datetime

    @staticmethod
    def resolve_state(obj: NeedEvent) -> str | None:
        return obj.state.name if obj.state else None

    @staticmethod
    def resolve_public(obj: NeedEvent) -> bool:
        return obj.is_public

    @staticmethod
    def resolve_at(obj: NeedEvent) -> datetime:
        return obj.created_at


class NeedMatchOut(Schema):
    id: int
    kind: str
    object_id: int
    title: str
    score: float
    explanation: str
    decision: str
    added_by_hand: bool
    contacted_at: datetime | None
    response: str


class NeedOut(Schema):
    """One need as the caller may see it. ``updates`` are filled for the submitter's side and
    coordinators; ``internal_state``, ``assignee``, contact details, ``history`` (with internal
    notes) and ``matches`` for the arena's coordinators only, and are null for everybody else."""

    reference: str
    title: str
    text: str
    arena: str
    municipality: str | None
    asker: str
    forms: list[str]
    timeframe: str
    sdgs: list[int]
    state: str | None
    closed: bool
    collaboration: int | None
    submitted_at: datetime | None
    public: bool
    updates: list[EventOut] | None = None
    internal_state: str | None = None
    assignee: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    history: list[EventOut] | None = None
    matches: list[NeedMatchOut] | None = None

    @staticmethod
    def resolve_arena(obj: Need) -> str:
        return obj.arena.slug

    @staticmethod
    def resolve_municipality(obj: Need) -> str | None:
        return obj.municipality.code if obj.municipality_id else None

    @staticmethod
    def resolve_forms(obj: Need) -> list[str]:
        return [form.slug for form in obj.forms.all()]

    @staticmethod
    def resolve_sdgs(obj: Need) -> list[int]:
        return sorted(goal.number for goal in obj.goals.all())

    @staticmethod
    def resolve_state(obj: Need) -> str | None:
        state = shown_state(obj, list(obj.arena.need_states.all()))
        return state.name if state else None

    @staticmethod
    def resolve_closed(obj: Need) -> bool:
        return obj.is_closed

    @staticmethod
    def resolve_collaboration(obj: Need) -> int | None:
        return obj.collaboration_id

    @staticmethod
    def resolve_public(obj: Need) -> bool:
        return obj.is_public

    @staticmethod
    def resolve_updates(obj: Need, context: dict) -> list[NeedEvent] | None:
        if _role(obj, context) == READER:
            return None
        return [event for event in obj.events.all() if event.is_public]

    @staticmethod
    def resolve_internal_state(obj: Need, context: dict) -> str | None:
        return obj.state.name if _role(obj, context) == COORDINATOR and obj.state else None

    @staticmethod
    def resolve_assignee(obj: Need, context: dict) -> str | None:
        return obj.assignee.email if _role(obj, context) == COORDINATOR and obj.assignee else None

    @staticmethod
    def resolve_contact_name(obj: Need, context: dict) -> str | None:
        return obj.contact_name if _role(obj, context) == COORDINATOR else None

    @staticmethod
    def resolve_contact_email(obj: Need, context: dict) -> str | None:
        return obj.contact_email if _role(obj, context) == COORDINATOR else None

    @staticmethod
    def resolve_contact_phone(obj: Need, context: dict) -> str | None:
        return obj.contact_phone if _role(obj, context) == COORDINATOR else None

    @staticmethod
    def resolve_history(obj: Need, context: dict) -> list[NeedEvent] | None:
        return list(obj.events.all()) if _role(obj, context) == COORDINATOR else None

    @staticmethod
    def resolve_matches(obj: Need, context: dict) -> list[NeedMatch] | None:
        return list(obj.matches.all()) if _role(obj, context) == COORDINATOR else None


READER, SUBMITTER, COORDINATOR = "reader", "submitter", "coordinator"


def _needs(request: HttpRequest) -> QuerySet[Need]:
    return _with_details(visible_needs(request.user))


def _with_details(needs: QuerySet[Need]) -> QuerySet[Need]:
    return needs.select_related(
        "arena", "municipality", "organization", "state", "assignee"
    ).prefetch_related(
        "forms",
        "goals",
        "arena__need_states",
        Prefetch("events", NeedEvent.objects.select_related("state")),
        "matches",
    )


def _role(need: Need, context: dict) -> str:
    """What the caller may read of the need decides which fields the schema fills."""
    user = context["request"].user
    if can_coordinate(user, need):
        return COORDINATOR
    return SUBMITTER if is_submitter_side(user, need) else READER


class NeedFilters(Schema):
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="SCB code")
    sdg: int | None = Field(None, ge=1, le=17)
    public: bool | None = Field(None, description="only open challenges")


@router.get("/needs", response=list[NeedOut], summary="Needs the caller may see")
@paginate(LimitOffsetPagination)
def list_needs(request: HttpRequest, filters: Query[NeedFilters]) -> QuerySet[Need]:
    needs = _needs(request).filter(status=Status.OPEN)
    if filters.municipality:
        needs = needs.filter(municipality__code=filters.municipality)
    if filters.sdg:
        needs = needs.filter(goals__number=filters.sdg)
    if filters.public:
        needs = needs.filter(is_public=True)
    return needs.distinct().order_by("-submitted_at", "-pk")


@router.get(
    "/needs/{reference}",
    response={200: NeedOut, 404: ErrorOut},
    summary="One need and where it stands",
)
def get_need(request: HttpRequest, reference: str) -> Need:
    need = _needs(request).filter(reference=reference).first()
    if need is None:
        raise Http404(f"No need with reference {reference}.")
    return need


class NeedIn(Schema):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str = Field("", max_length=services.TITLE_LENGTH)
    organization_name: str = Field(min_length=1, max_length=200)
    municipality: str = Field(pattern=r"^\d{4}$", description="SCB code")
    arena: str | None = Field(None, description="slug; the first active arena when left out")
    forms: list[str] = Field(default_factory=list, description="slugs of collaboration forms")
    forms_unknown: bool = False
    timeframe: Timeframe = Timeframe.UNKNOWN
    contact_name: str = Field(min_length=1, max_length=200)
    contact_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    contact_phone: str = Field("", max_length=40)
    consent: bool = Field(description="must be true: the coordinators store the contact details")
    public: bool = False
    notify: Notify = Notify.IMMEDIATE
    sdgs: list[int] | None = Field(None, description="the suggested goals when left out")


@router.post(
    "/needs",
    response={201: NeedOut, 400: ErrorOut, 429: ErrorOut},
    summary="Submit a need (anonymous submitters confirm by e-mail)",
)
def submit_need(request: HttpRequest, data: NeedIn) -> Response:
    if is_ratelimited(
        request,
        group="needs.submit",
        key="ip",
        rate=settings.SAMVERKAN_NEEDS_RATE,
        method="POST",
        increment=True,
    ):
        raise HttpError(429, "Too many needs from this address; try again later.")
    municipality = Municipality.objects.filter(code=data.municipality).first()
    if municipality is None:
        raise HttpError(400, f"municipality: no municipality has the code {data.municipality}.")
    arena = None
    if data.arena:
        arena = Arena.objects.filter(is_active=True, slug=data.arena).first()
        if arena is None:
            raise HttpError(400, f"arena: no active arena is called {data.arena}.")
    forms = list(CollaborationForm.objects.filter(slug__in=data.forms))
    if unknown := sorted(set(data.forms) - {form.slug for form in forms}):
        raise HttpError(400, f"forms: no form of collaboration is called {unknown[0]}.")
    goals = None
    if data.sdgs is not None:
        if any(not 1 <= number <= 17 for number in data.sdgs):
            raise HttpError(400, "sdgs: the goals are numbered 1 to 17.")
        goals = Goal.objects.filter(number__in=data.sdgs)
    user = request.user if request.user.is_authenticated else AnonymousUser()
    with transaction.atomic():
        need = services.need_create(
            user,
            arena=arena,
            text=data.text,
            title=data.title,
            organization_name=data.organization_name,
            municipality=municipality,
            forms=forms,
            forms_unknown=data.forms_unknown,
            timeframe=data.timeframe,
            contact_name=data.contact_name,
            contact_email=data.contact_email,
            contact_phone=data.contact_phone,
            consent=data.consent,
            is_public=data.public,
            notify=data.notify,
        )
        services.need_submit(need, user, goals=goals)
    return Response(201, _with_details(Need.objects).get(pk=need.pk))


def _coordinated(request: HttpRequest, reference: str) -> Need:
    need = _needs(request).filter(reference=reference).first()
    if need is None:
        raise Http404(f"No need with reference {reference}.")
    if not can_coordinate(request.auth, need):
        raise HttpError(403, "Only the arena's coordinators may change a need.")
    return need


def _run(change, *args) -> None:
    try:
        change(*args)
    except services.WorkflowError as error:
        raise HttpError(400, str(error)) from error


ERRORS = {status: ErrorOut for status in (400, 401, 403, 404)}
COORDINATOR_ONLY = {"response": {200: NeedOut, **ERRORS}, "auth": django_auth}


class StateIn(Schema):
    state: int = Field(ge=1, description="id of one of the arena's states")
    text: str = Field("", max_length=5000, description="shown to the submitter when public")


@router.post(
    "/needs/{reference}/state", summary="Change the state (coordinators)", **COORDINATOR_ONLY
)
def change_state(request: HttpRequest, reference: str, data: StateIn) -> Need:
    need = _coordinated(request, reference)
    state = need.arena.need_states.filter(pk=data.state).first()
    if state is None:
        raise HttpError(400, f"state: the arena has no state with id {data.state}.")
    _run(services.change_state, need, state, request.auth, data.text)
    return _needs(request).get(pk=need.pk)


class AssignIn(Schema):
    assignee: int | None = Field(description="user id of a coordinator, or null")


@router.post("/needs/{reference}/assign", summary="Assign a coordinator", **COORDINATOR_ONLY)
def assign_need(request: HttpRequest, reference: str, data: AssignIn) -> Need:
    from samverkan.accounts.models import User

    need = _coordinated(request, reference)
    assignee = None
    if data.assignee is not None:
        assignee = User.objects.filter(pk=data.assignee).first()
        if assignee is None:
            raise HttpError(400, f"assignee: no user has id {data.assignee}.")
    _run(services.assign, need, assignee, request.auth)
    return _needs(request).get(pk=need.pk)


class TextIn(Schema):
    text: str = Field(min_length=1, max_length=5000)


@router.post("/needs/{reference}/notes", summary="Add an internal note", **COORDINATOR_ONLY)
def add_note(request: HttpRequest, reference: str, data: TextIn) -> Need:
    need = _coordinated(request, reference)
    _run(services.add_note, need, data.text, request.auth)
    return _needs(request).get(pk=need.pk)


@router.post("/needs/{reference}/updates", summary="Publish an update", **COORDINATOR_ONLY)
def post_update(request: HttpRequest, reference: str, data: TextIn) -> Need:
    need = _coordinated(request, reference)
    _run(services.post_update, need, data.text, request.auth)
    return _needs(request).get(pk=need.pk)


class DecisionIn(Schema):
    decision: Decision


@router.post(
    "/needs/{reference}/matches/{match_id}/decision",
    summary="Accept or reject a suggestion",
    **COORDINATOR_ONLY,
)
def decide(request: HttpRequest, reference: str, match_id: int, data: DecisionIn) -> Need:
    need = _coordinated(request, reference)
    found = need.matches.filter(pk=match_id).first()
    if found is None:
        raise Http404(f"No suggestion {match_id} for {reference}.")
    _run(services.decide, found, data.decision, request.auth)
    return _needs(request).get(pk=need.pk)


class ExpertIn(Schema):
    expert: int = Field(ge=1, description="id of an expert profile")


@router.post("/needs/{reference}/matches", summary="Add an expert by hand", **COORDINATOR_ONLY)
def add_expert(request: HttpRequest, reference: str, data: ExpertIn) -> Need:
    need = _coordinated(request, reference)
    profile = ExpertProfile.objects.select_related("person").filter(pk=data.expert).first()
    if profile is None:
        raise HttpError(400, f"expert: no expert profile has id {data.expert}.")
    _run(services.add_expert, need, profile, request.auth)
    return _needs(request).get(pk=need.pk)
