"""Organisations and their units."""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination

from .models import Organization, OrganizationKind

router = Router(tags=["directory"])


class OrganizationRef(Schema):
    id: int
    name_sv: str
    name_en: str


class OrganizationOut(Schema):
    id: int
    slug: str
    name_sv: str
    name_en: str
    short_name: str
    kind: str
    unit_type: str
    parent: OrganizationRef | None
    municipality: str | None = Field(description="SCB code, for a municipality's organisation")
    association: str | None = Field(description="association slug, for an association")
    city: str
    website: str
    email: str
    phone: str
    is_collaboration_office: bool
    higher_education_kind: str

    @staticmethod
    def resolve_municipality(obj: Organization) -> str | None:
        return obj.municipality.code if obj.municipality_id else None

    @staticmethod
    def resolve_association(obj: Organization) -> str | None:
        return obj.association.slug if obj.association_id else None


class OrganizationDetailOut(OrganizationOut):
    description_sv: str
    description_en: str
    units: list[OrganizationRef]

    @staticmethod
    def resolve_units(obj: Organization) -> list[Organization]:
        return list(obj.units.all())


class OrganizationFilters(Schema):
    kind: OrganizationKind | None = None
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="SCB code")
    parent: int | None = Field(None, ge=1, description="units of this organisation")
    top_level: bool | None = Field(None, description="only organisations that are not units")
    q: str | None = Field(None, max_length=100, description="part of the name")


def organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("parent", "municipality", "association")


@router.get("/organizations", response=list[OrganizationOut], summary="Organisations and units")
@paginate(LimitOffsetPagination)
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilters]
) -> QuerySet[Organization]:
    queryset = organizations().order_by("name_sv", "id")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.municipality:
        queryset = queryset.filter(municipality__code=filters.municipality)
    if filters.parent:
        queryset = queryset.filter(parent_id=filters.parent)
    if filters.top_level is not None:
        queryset = queryset.filter(parent__isnull=filters.top_level)
    if filters.q:
        queryset = queryset.filter(
            Q(name_sv__icontains=filters.q)
            | Q(name_en__icontains=filters.q)
            | Q(short_name__iexact=filters.q)
        )
    return queryset


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationDetailOut, 404: ErrorOut},
    summary="One organisation with its units",
)
def get_organization(request: HttpRequest, organization_id: int) -> Organization:
    organization = organizations().prefetch_related("units").filter(pk=organization_id).first()
    if organization is None:
        raise Http404(f"No organisation with id {organization_id}.")
    return organization
