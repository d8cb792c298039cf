"""Forms of collaboration with their guides, and offerings (public ones for visitors)."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from samverkan.directory.models import Organization, Person
from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .models import Audience, CollaborationForm, Level, Offering, OfferingStatus, Term
from .permissions import visible_offerings
from .services import FIELDS, OfferingData, offering_save, offering_update

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
        return {s: getattr(obj, f"{s}_sv") for s in CollaborationForm.GUIDE_SECTIONS}

    @staticmethod
    def resolve_guide_en(obj: CollaborationForm) -> dict[str, str]:
        return {s: getattr(obj, f"{s}_en") for s in CollaborationForm.GUIDE_SECTIONS}


class OfferingOut(Schema):
    id: int
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    form: str
    organization_id: int
    organization: str
    contact_id: int | None = Field(description="id of the contact person")
    audience: str
    status: str
    sdgs: list[int]
    starts_on: str | None
    ends_on: str | None
    expires_on: str | None
    levels: list[Level] = Field(description="the levels a thesis topic suits")
    subject_sv: str = Field(description="subject area")
    subject_en: str
    start_term: Term | None = Field(description="the term it starts, with start_year")
    start_year: int | None
    start: str = Field(description='the start in the reader\'s language, e.g. "VT 2027"')
    how_to_apply_sv: str = Field(description="how students apply (sanitised HTML)")
    how_to_apply_en: str

    @staticmethod
    def resolve_form(obj: Offering) -> str:
        return obj.form.slug

    @staticmethod
    def resolve_organization(obj: Offering) -> str:
        return obj.organization.name_sv

    @staticmethod
    def resolve_start_term(obj: Offering) -> str | None:
        return obj.start_term or None

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
    level: Level | None = Field(None, description="thesis topics that suit this level")


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
    if filters.level:
        offerings = offerings.filter(levels__icontains=f'"{filters.level}"')
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
    levels: list[Level] = Field(
        default_factory=list, description="required for a degree project: the levels it suits"
    )
    subject_sv: str = Field("", max_length=200, description="subject area")
    subject_en: str = Field("", max_length=200)
    start_term: Term | None = Field(None, description="the term it starts; give start_year too")
    start_year: int | None = Field(None, ge=2000, le=2100)
    how_to_apply_sv: str = Field(
        "", max_length=20000, description="required for a degree project: how students apply"
    )
    how_to_apply_en: str = Field("", max_length=20000)


class OfferingPatch(Schema):
    title_sv: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description_sv: str | None = Field(None, min_length=1, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    status: OfferingStatus | None = None
    expires_on: date | None = None
    levels: list[Level] | None = None
    subject_sv: str | None = Field(None, max_length=200)
    subject_en: str | None = Field(None, max_length=200)
    start_term: Term | None = Field(None, description="null removes the start term and year")
    start_year: int | None = Field(None, ge=2000, le=2100)
    how_to_apply_sv: str | None = Field(None, max_length=20000)
    how_to_apply_en: str | None = Field(None, max_length=20000)


# Fields a PATCH may set to null: the optional dates and the start (term and year together).
NULLABLE = {"expires_on", "start_term", "start_year"}


def offering_data(data: OfferingIn) -> OfferingData:
    """Resolve the body's references; ``offering_save`` checks the rest."""
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
    return OfferingData(
        **data.dict(include=set(FIELDS) - {"form", "organization", "contact", "start_term"}),
        start_term=data.start_term or "",
        form=form,
        organization=organization,
        contact=contact,
        goals=list(Goal.objects.filter(number__in=data.sdgs)),
    )


@router.post(
    "/offerings",
    response={201: OfferingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Post an offering (for an organisation the user may post for)",
)
def create_offering(request: HttpRequest, data: OfferingIn) -> Response:
    offering = offering_save(request.auth, offering_data(data))
    return Response(201, offering)


@router.patch(
    "/offerings/{offering_id}",
    response={200: OfferingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Change an offering (its posters and coordinators)",
)
def update_offering(request: HttpRequest, offering_id: int, data: OfferingPatch) -> Offering:
    offering = visible_offerings(request.auth).filter(pk=offering_id).first()
    if offering is None:
        raise Http404(f"No offering with id {offering_id}.")
    changes = data.dict(exclude_unset=True)
    if nulls := [name for name, value in changes.items() if value is None and name not in NULLABLE]:
        raise HttpError(400, f"{nulls[0]}: must not be null.")
    if "start_term" in changes:
        changes["start_term"] = changes["start_term"] or ""
    return offering_update(request.auth, offering, **changes)
