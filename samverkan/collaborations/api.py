"""The register of collaborations: approved ones for everybody."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import Organization, Person
from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination
from samverkan.sdg.models import Goal

from .models import Collaboration, CollaborationParty, PartyRole, Status
from .selectors import visible_collaborations, with_details
from .services import FIELDS, CollaborationData, collaboration_register, collaboration_update

router = Router(tags=["collaborations"])


class PartyOut(Schema):
    organization_id: int
    organization: str
    municipality: str | None
    role: str

    @staticmethod
    def resolve_organization(obj: CollaborationParty) -> str:
        return obj.organization.name_sv

    @staticmethod
    def resolve_municipality(obj: CollaborationParty) -> str | None:
        return obj.organization.municipality.code if obj.organization.municipality_id else None


class CollaborationOut(Schema):
    id: int
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    form: str
    status: str
    starts_on: str | None
    ends_on: str | None
    funding_sv: str
    funding_en: str
    outcomes_sv: str
    outcomes_en: str
    sdgs: list[int]
    parties: list[PartyOut]
    people: list[int]

    @staticmethod
    def resolve_form(obj: Collaboration) -> str:
        return obj.form.slug

    @staticmethod
    def resolve_starts_on(obj: Collaboration) -> str | None:
        return obj.starts_on.isoformat() if obj.starts_on else None

    @staticmethod
    def resolve_ends_on(obj: Collaboration) -> str | None:
        return obj.ends_on.isoformat() if obj.ends_on else None

    @staticmethod
    def resolve_sdgs(obj: Collaboration) -> list[int]:
        return sorted(goal.number for goal in obj.goals.all())

    @staticmethod
    def resolve_parties(obj: Collaboration) -> list[CollaborationParty]:
        return list(obj.parties.all())

    @staticmethod
    def resolve_people(obj: Collaboration) -> list[int]:
        return [person.pk for person in obj.people.all()]


class CollaborationFilters(Schema):
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="SCB code of a party")
    organization: int | None = Field(None, ge=1, description="id of a party")
    sdg: int | None = Field(None, ge=1, le=17)
    form: str | None = Field(None, pattern=r"^[a-z0-9-]+$")
    status: Status | None = None


def collaborations(request: HttpRequest) -> QuerySet[Collaboration]:
    return with_details(visible_collaborations(request.user)).prefetch_related(
        "parties__organization__municipality", "people"
    )


@router.get("/collaborations", response=list[CollaborationOut], summary="Collaborations")
@paginate(LimitOffsetPagination)
def list_collaborations(
    request: HttpRequest, filters: Query[CollaborationFilters]
) -> QuerySet[Collaboration]:
    result = collaborations(request)
    if filters.municipality:
        result = result.filter(parties__organization__municipality__code=filters.municipality)
    if filters.organization:
        result = result.filter(parties__organization_id=filters.organization)
    if filters.sdg:
        result = result.filter(goals__number=filters.sdg)
    if filters.form:
        if not CollaborationForm.objects.filter(slug=filters.form).exists():
            raise HttpError(400, f"form: no form of collaboration is called {filters.form}.")
        result = result.filter(form__slug=filters.form)
    if filters.status:
        result = result.filter(status=filters.status)
    return result.distinct().order_by("-starts_on", "pk")


@router.get("/collaborations/{collaboration_id}", response={200: CollaborationOut, 404: ErrorOut})
def get_collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    collaboration = collaborations(request).filter(pk=collaboration_id).first()
    if collaboration is None:
        raise Http404(f"No collaboration with id {collaboration_id}.")
    return collaboration


class PartyIn(Schema):
    organization: int = Field(ge=1)
    role: PartyRole


class LinkIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    url: str = Field(pattern=r"^https?://\S+$", max_length=200)


class CollaborationIn(Schema):
    title_sv: str = Field(min_length=1, max_length=250)
    title_en: str = Field("", max_length=250)
    description_sv: str = Field("", max_length=20000)
    description_en: str = Field("", max_length=20000)
    form: str = Field(pattern=r"^[a-z0-9-]+$")
    status: Status
    starts_on: date | None = None
    ends_on: date | None = None
    funding_sv: str = Field("", max_length=250)
    funding_en: str = Field("", max_length=250)
    outcomes_sv: str = Field("", max_length=20000)
    outcomes_en: str = Field("", max_length=20000)
    sdgs: list[int] = Field(default_factory=list)
    parties: list[PartyIn] = Field(min_length=1)
    people: list[int] = Field(default_factory=list)
    links: list[LinkIn] = Field(default_factory=list)


class CollaborationPatch(Schema):
    status: Status | None = None
    ends_on: date | None = None
    outcomes_sv: str | None = Field(None, max_length=20000)
    outcomes_en: str | None = Field(None, max_length=20000)


def collaboration_data(data: CollaborationIn) -> CollaborationData:
    """Resolve the body's references; the services check the rest."""
    form = CollaborationForm.objects.filter(slug=data.form).first()
    if form is None:
        raise HttpError(400, f"form: no form of collaboration is called {data.form}.")
    organizations = Organization.objects.in_bulk([party.organization for party in data.parties])
    if missing := [p.organization for p in data.parties if p.organization not in organizations]:
        raise HttpError(400, f"parties: no organisation has id {missing[0]}.")
    people = list(Person.objects.filter(pk__in=data.people))
    if len(people) != len(set(data.people)):
        raise HttpError(400, "people: unknown person id.")
    if any(not 1 <= number <= 17 for number in data.sdgs):
        raise HttpError(400, "sdgs: the goals are numbered 1 to 17.")
    return CollaborationData(
        **data.dict(include=set(FIELDS) - {"form"}),
        form=form,
        parties=[(organizations[p.organization], p.role) for p in data.parties],
        goals=list(Goal.objects.filter(number__in=data.sdgs)),
        people=people,
        links=[(link.title, link.url) for link in data.links],
    )


@router.post(
    "/collaborations",
    response={201: CollaborationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Register a collaboration (coordinators)",
)
def create_collaboration(request: HttpRequest, data: CollaborationIn) -> Response:
    collaboration = collaboration_register(request.auth, collaboration_data(data))
    return Response(201, collaborations(request).get(pk=collaboration.pk))


@router.patch(
    "/collaborations/{collaboration_id}",
    response={200: CollaborationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Record progress or results (coordinators)",
)
def update_collaboration(
    request: HttpRequest, collaboration_id: int, data: CollaborationPatch
) -> Collaboration:
    collaboration = Collaboration.objects.filter(pk=collaboration_id).first()
    if collaboration is None:
        raise Http404(f"No collaboration with id {collaboration_id}.")
    changes = data.dict(exclude_unset=True)
    if nulls := [name for name, value in changes.items() if value is None and name != "ends_on"]:
        raise HttpError(400, f"{nulls[0]}: must not be null.")
    collaboration_update(request.auth, collaboration, **changes)
    return collaborations(request).get(pk=collaboration.pk)
