"""Forms of collaboration with their guides, and offerings (public ones for visitors)."""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from samverkan.accounts.roles import is_coordinator
from samverkan.directory.models import Organization, Person
from samverkan.kernel.richtext import sanitize
from samverkan.kernel.schemas import ErrorOut
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .models import Audience, CollaborationForm, Offering, OfferingStatus
from .permissions import visible_offerings

router = Router(tags=["catalogue"])


class FormGuideOut(Schema):
    slug: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    guide_sv: dict[str, str]
    guide_en: dict[str, str]

    @staticmethod
    def resolve_guide_sv(obj: CollaborationForm) -> dict[str, str]:
        return {s: sanitize(getattr(obj, f"{s}_sv")) for s in CollaborationForm.GUIDE_SECTIONS}

    @staticmethod
    def resolve_guide_en(obj: CollaborationForm) -> dict[str, str]:
        return {s: sanitize(getattr(obj, f"{s}_en")) for s in CollaborationForm.GUIDE_SECTIONS}


class OfferingOut(Schema):
    id: int
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    form: str
    organization_id: int
    organization: str
    audience: str
    status: str
    sdgs: list[int]
    starts_on: str | None
    ends_on: str | None
    expires_on: str | None

    @staticmethod
    def resolve_description_sv(obj: Offering) -> str:
        return sanitize(obj.description_sv)

    @staticmethod
    def resolve_description_en(obj: Offering) -> str:
        return sanitize(obj.description_en)

    @staticmethod
    def resolve_form(obj: Offering) -> str:
        return obj.form.slug

    @staticmethod
    def resolve_organization(obj: Offering) -> str:
        return obj.organization.name_sv

    @staticmethod
    def resolve_sdgs(obj: Offering) -> list[int]:
        return sorted(goal.number for goal in obj.goals.all())

    @staticmethod
    def resolve_starts_on(obj: Offering) -> str | None:
        return obj.starts_on.isoformat() if obj.starts_on else None

    @staticmethod
    def resolve_ends_on(obj: Offering) -> str | None:
        return obj.ends_on.isoformat() if obj.ends_on else None

    @staticmethod
    def resolve_expires_on(obj: Offering) -> str | None:
        return obj.expires_on.isoformat() if obj.expires_on else None


class OfferingFilters(Schema):
    form: str | None = Field(None, pattern=r"^[a-z0-9-]+$")
    sdg: int | None = Field(None, ge=1, le=17)
    organization: int | None = Field(None, ge=1, description="posted by (units included)")
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="posted by")


@router.get(
    "/collaboration-forms/{slug}",
    response={200: FormGuideOut, 404: ErrorOut},
    summary="One form of collaboration with its guide",
)
def get_form(request: HttpRequest, slug: str) -> CollaborationForm:
    form = CollaborationForm.objects.filter(slug=slug).first()
    if form is None:
        raise Http404(f"No form of collaboration is called {slug}.")
    return form


@router.get("/offerings", response=list[OfferingOut], summary="Offerings and thesis topics")
@paginate(LimitOffsetPagination)
def list_offerings(request: HttpRequest, filters: Query[OfferingFilters]) -> QuerySet[Offering]:
    offerings = (
        visible_offerings(request.user)
        .select_related("form", "organization")
        .prefetch_related("goals")
        .order_by("expires_on", "pk")
    )
    if filters.form:
        if not CollaborationForm.objects.filter(slug=filters.form).exists():
            raise HttpError(400, f"form: no form of collaboration is called {filters.form}.")
        offerings = offerings.filter(form__slug=filters.form)
    if filters.sdg:
        offerings = offerings.filter(goals=Goal.objects.get(number=filters.sdg))
    if filters.organization:
        offerings = offerings.filter(organization_id=filters.organization) | offerings.filter(
            organization__parent_id=filters.organization
        )
    if filters.municipality:
        if not Municipality.objects.filter(code=filters.municipality).exists():
            raise HttpError(400, f"municipality: no municipality has code {filters.municipality}.")
        offerings = offerings.filter(organization__municipality__code=filters.municipality)
    return offerings.distinct()


@router.get("/offerings/{offering_id}", response={200: OfferingOut, 404: ErrorOut})
def get_offering(request: HttpRequest, offering_id: int) -> Offering:
    offering = visible_offerings(request.user).filter(pk=offering_id).first()
    if offering is None:
        raise Http404(f"No offering with id {offering_id}.")
    return offering


class OfferingIn(Schema):
    title_sv: str = Field(min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    description_sv: str = Field(min_length=1, max_length=20000)
    description_en: str = Field("", max_length=20000)
    form: str = Field(pattern=r"^[a-z0-9-]+$")
    organization: int = Field(ge=1, description="id of the posting organisation or unit")
    contact: int | None = Field(None, ge=1, description="id of the contact person")
    audience: Audience = Audience.MUNICIPALITIES
    status: OfferingStatus = OfferingStatus.DRAFT
    sdgs: list[int] = Field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None
    expires_on: date | None = None


class OfferingPatch(Schema):
    title_sv: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description_sv: str | None = Field(None, min_length=1, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    status: OfferingStatus | None = None
    expires_on: date | None = None


def require_coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.auth):
        raise HttpError(403, "Only coordinators may change offerings through the API.")


def offering_values(data: OfferingIn) -> dict:
    form = CollaborationForm.objects.filter(slug=data.form).first()
    if form is None:
        raise HttpError(400, f"form: no form of collaboration is called {data.form}.")
    organization = Organization.objects.filter(pk=data.organization).first()
    if organization is None:
        raise HttpError(400, f"organization: no organisation has id {data.organization}.")
    contact = Person.objects.filter(pk=data.contact).first() if data.contact else None
    if data.contact and contact is None:
        raise HttpError(400, f"contact: no person has id {data.contact}.")
    if any(not 1 <= number <= 17 for number in data.sdgs):
        raise HttpError(400, "sdgs: the goals are numbered 1 to 17.")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise HttpError(400, "ends_on: the end must be after the start.")
    return {
        "title_sv": data.title_sv,
        "title_en": data.title_en,
        "description_sv": sanitize(data.description_sv),
        "description_en": sanitize(data.description_en),
        "form": form,
        "organization": organization,
        "contact": contact,
        "audience": data.audience,
        "status": data.status,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "expires_on": data.expires_on,
    }


@router.post(
    "/offerings",
    response={201: OfferingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Post an offering (coordinators)",
)
def create_offering(request: HttpRequest, data: OfferingIn) -> Response:
    require_coordinator(request)
    values = offering_values(data)
    with transaction.atomic():
        offering = Offering.objects.create(**values)
        offering.goals.set(Goal.objects.filter(number__in=data.sdgs))
    return Response(201, offering)


@router.patch(
    "/offerings/{offering_id}",
    response={200: OfferingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Change an offering (coordinators)",
)
def update_offering(request: HttpRequest, offering_id: int, data: OfferingPatch) -> Offering:
    require_coordinator(request)
    offering = Offering.objects.filter(pk=offering_id).first()
    if offering is None:
        raise Http404(f"No offering with id {offering_id}.")
    changes = data.dict(exclude_unset=True)
    for key in ("description_sv", "description_en"):
        if changes.get(key) is not None:
            changes[key] = sanitize(changes[key])
    for key, value in changes.items():
        setattr(offering, key, value)
    offering.save()
    return offering
