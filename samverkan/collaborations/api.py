"""The register of collaborations: approved ones for everybody."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from samverkan.api.schemas import ErrorOut
from samverkan.catalogue.models import CollaborationForm
from samverkan.core.richtext import sanitize

from .models import Collaboration, CollaborationParty, Status
from .services import visible_collaborations, with_details

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
    def resolve_description_sv(obj: Collaboration) -> str:
        return sanitize(obj.description_sv)

    @staticmethod
    def resolve_description_en(obj: Collaboration) -> str:
        return sanitize(obj.description_en)

    @staticmethod
    def resolve_outcomes_sv(obj: Collaboration) -> str:
        return sanitize(obj.outcomes_sv)

    @staticmethod
    def resolve_outcomes_en(obj: Collaboration) -> str:
        return sanitize(obj.outcomes_en)

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
