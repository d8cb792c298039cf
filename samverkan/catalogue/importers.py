"""Import and export format for offerings (docs/import.md)."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from samverkan.directory.references import OptionalPersonReference, OrganizationReference
from samverkan.directory.selectors import find_organization, find_person
from samverkan.kernel.importing import ServiceImporter
from samverkan.sdg.models import Goal

from .models import Audience, CollaborationForm, Level, Offering, OfferingStatus, Term
from .services import OfferingData, offering_differs, offering_save

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
COLUMNS = [
    "external_id",
    "title",
    "title_en",
    "description",
    "description_en",
    "form",
    "organization",
    "contact",
    "audience",
    "status",
    "sdgs",
    "starts_on",
    "ends_on",
    "expires_on",
    "levels",
    "subject",
    "subject_en",
    "start_term",
    "start_year",
    "how_to_apply",
    "how_to_apply_en",
]
# Where the service's field names differ from the columns of the file.
COLUMN_OF = {
    "title_sv": "title",
    "description_sv": "description",
    "subject_sv": "subject",
    "how_to_apply_sv": "how_to_apply",
}


class OfferingRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    title_en: Text = ""
    description: str = Field(min_length=1)
    description_en: str = ""
    form: str
    organization: OrganizationReference
    contact: OptionalPersonReference = ""
    audience: Audience = Audience.MUNICIPALITIES
    status: OfferingStatus = OfferingStatus.DRAFT
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = []
    starts_on: date | None = None
    ends_on: date | None = None
    expires_on: date | None = None
    levels: list[Level] = []
    subject: Text = ""
    subject_en: Text = ""
    start_term: Term | None = None
    start_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    how_to_apply: str = ""
    how_to_apply_en: str = ""

    @field_validator(
        "starts_on", "ends_on", "expires_on", "start_term", "start_year", mode="before"
    )
    @classmethod
    def empty_value(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("form")
    @classmethod
    def known_form(cls, value: str) -> str:
        if not CollaborationForm.objects.filter(slug=value).exists():
            raise ValueError(f"unknown form of collaboration {value!r}")
        return value


def offering_data(record: OfferingRecord) -> OfferingData:
    """The record with its references resolved (the schema has checked that they exist)."""
    return OfferingData(
        title_sv=record.title,
        title_en=record.title_en,
        description_sv=record.description,
        description_en=record.description_en,
        form=CollaborationForm.objects.get(slug=record.form),
        organization=find_organization(record.organization),
        contact=find_person(record.contact) if record.contact else None,
        audience=record.audience,
        status=record.status,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        expires_on=record.expires_on,
        levels=list(record.levels),
        subject_sv=record.subject,
        subject_en=record.subject_en,
        start_term=record.start_term or "",
        start_year=record.start_year,
        how_to_apply_sv=record.how_to_apply,
        how_to_apply_en=record.how_to_apply_en,
        goals=list(Goal.objects.filter(number__in=record.sdgs)),
        external_id=record.external_id,
    )


class OfferingImporter(ServiceImporter):
    """Creates and updates through ``offering_save``."""

    kind = "offerings"
    schema = OfferingRecord
    list_fields = ("sdgs", "levels")
    column_of = COLUMN_OF

    def data_of(self, record: OfferingRecord) -> OfferingData:
        return offering_data(record)

    def existing(self, record: OfferingRecord, data: OfferingData) -> Offering | None:
        if record.external_id:
            return Offering.objects.filter(external_id=record.external_id).first()
        return Offering.objects.filter(
            title_sv=record.title, organization=data.organization
        ).first()

    def differs(self, existing: Offering, data: OfferingData) -> bool:
        return offering_differs(existing, data)

    def save(self, data: OfferingData, existing: Offering | None) -> None:
        offering_save(None, data, existing)


def offering_rows() -> tuple[list[str], Iterator[dict]]:
    def rows() -> Iterator[dict]:
        offerings = (
            Offering.objects.select_related("form", "organization", "contact")
            .prefetch_related("goals")
            .order_by("pk")
        )
        for o in offerings:
            yield {
                "external_id": o.external_id,
                "title": o.title_sv,
                "title_en": o.title_en,
                "description": o.description_sv,
                "description_en": o.description_en,
                "form": o.form.slug,
                "organization": o.organization.external_id or o.organization.slug,
                "contact": (o.contact.external_id or o.contact.email) if o.contact else "",
                "audience": o.audience,
                "status": o.status,
                "sdgs": sorted(goal.number for goal in o.goals.all()),
                "starts_on": o.starts_on.isoformat() if o.starts_on else "",
                "ends_on": o.ends_on.isoformat() if o.ends_on else "",
                "expires_on": o.expires_on.isoformat() if o.expires_on else "",
                "levels": list(o.levels),
                "subject": o.subject_sv,
                "subject_en": o.subject_en,
                "start_term": o.start_term,
                "start_year": o.start_year or "",
                "how_to_apply": o.how_to_apply_sv,
                "how_to_apply_en": o.how_to_apply_en,
            }

    return COLUMNS, rows()
