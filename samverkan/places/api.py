"""Counties, municipalities and municipal associations."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination

from .models import County, MunicipalAssociation, Municipality
from .services import filter_municipalities, municipalities_with_context

router = Router(tags=["places"])


class CountyOut(Schema):
    code: str = Field(description="SCB county code")
    name: str = Field(description="Swedish name (Västra Götalands län)")
    name_en: str = Field(description="English name (Västra Götaland County)")


class AssociationRef(Schema):
    slug: str
    name: str


class AssociationOut(Schema):
    slug: str
    name: str
    short_name: str
    website: str
    county: CountyOut | None
    members: list[str] = Field(description="SCB codes of the member municipalities")

    @staticmethod
    def resolve_members(obj: MunicipalAssociation) -> list[str]:
        return [member.code for member in obj.members.all()]


class MunicipalityOut(Schema):
    code: str = Field(description="SCB municipality code")
    name: str
    organization_name: str
    county: CountyOut
    associations: list[AssociationRef]
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_associations(obj: Municipality) -> list[MunicipalAssociation]:
        return list(obj.associations.all())


class MunicipalityDetailOut(MunicipalityOut):
    geometry: dict | None = Field(description="Simplified border as a GeoJSON geometry (WGS 84)")


class MunicipalityFilters(Schema):
    county: str | None = Field(None, pattern=r"^\d{2}$", description="SCB county code")
    association: str | None = Field(None, pattern=r"^[a-z0-9-]+$", description="association slug")
    q: str | None = Field(None, max_length=100, description="part of the name, or an SCB code")


@router.get("/counties", response=list[CountyOut], summary="All 21 counties")
def list_counties(request: HttpRequest) -> list[County]:
    return list(County.objects.only("code", "name", "name_en"))


@router.get("/associations", response=list[AssociationOut], summary="Municipal associations")
def list_associations(request: HttpRequest) -> list[MunicipalAssociation]:
    return list(MunicipalAssociation.objects.select_related("county").prefetch_related("members"))


@router.get("/municipalities", response=list[MunicipalityOut], summary="Municipalities, filterable")
@paginate(LimitOffsetPagination)
def list_municipalities(
    request: HttpRequest, filters: Query[MunicipalityFilters]
) -> QuerySet[Municipality]:
    county = association = None
    if filters.county:
        county = County.objects.filter(code=filters.county).first()
        if county is None:
            raise HttpError(400, f"county: no county has the code {filters.county}.")
    if filters.association:
        association = MunicipalAssociation.objects.filter(slug=filters.association).first()
        if association is None:
            raise HttpError(400, f"association: no association is called {filters.association}.")
    queryset = municipalities_with_context().order_by("code")
    return filter_municipalities(
        queryset, county=county, association=association, text=filters.q or ""
    )


@router.get(
    "/municipalities/{code}",
    response={200: MunicipalityDetailOut, 404: ErrorOut},
    summary="One municipality by SCB code",
)
def get_municipality(request: HttpRequest, code: str) -> Municipality:
    municipality = municipalities_with_context(with_border=True).filter(code=code).first()
    if municipality is None:
        raise Http404(f"No municipality with SCB code {code}.")
    return municipality
