"""Import and export format for collaborations (docs/import.md)."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.references import PeopleReferences
from samverkan.directory.selectors import find_organization, find_person
from samverkan.kernel.importing import ServiceImporter
from samverkan.sdg.models import Goal

from .models import Collaboration, PartyRole, Status
from .services import CollaborationData, collaboration_differs, collaboration_register

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=250)]
COLUMNS = [
    "external_id",
    "title",
    "title_en",
    "description",
    "description_en",
    "form",
    "status",
    "starts_on",
    "ends_on",
    "funding",
    "funding_en",
    "outcomes",
    "outcomes_en",
    "sdgs",
    "parties",
    "people",
    "links",
]


class CollaborationRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: Text = ""
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=250)]
    title_en: Text = ""
    description: str = ""
    description_en: str = ""
    form: str
    status: Status
    starts_on: date | None = None
    ends_on: date | None = None
    funding: Text = ""
    funding_en: Text = ""
    outcomes: str = ""
    outcomes_en: str = ""
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = []
    parties: list[str] = Field(
        min_length=1, description='"Organisation:role", role lead, partner or funder'
    )
    people: PeopleReferences = []
    links: list[str] = []

    @field_validator("starts_on", "ends_on", mode="before")
    @classmethod
    def empty_date(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("form")
    @classmethod
    def known_form(cls, value: str) -> str:
        if not CollaborationForm.objects.filter(slug=value).exists():
            raise ValueError(f"unknown form of collaboration {value!r}")
        return value

    @field_validator("parties")
    @classmethod
    def known_parties(cls, value: list[str]) -> list[str]:
        for party in value:
            name, _, role = party.rpartition(":")
            if role not in PartyRole.values:
                raise ValueError(
                    f"{party!r}: write Organisation:role with role lead, partner or funder"
                )
            if find_organization(name) is None:
                raise ValueError(f"no organisation called {name!r}")
        return value

    @field_validator("links")
    @classmethod
    def well_formed_links(cls, value: list[str]) -> list[str]:
        for link in value:
            title, _, url = link.partition("|")
            if not title or not url.startswith(("https://", "http://")):
                raise ValueError(f"{link!r}: write title|https://address")
        return value


# Where the services' field names differ from the columns of the file.
COLUMN_OF = {
    "title_sv": "title",
    "description_sv": "description",
    "funding_sv": "funding",
    "outcomes_sv": "outcomes",
}


def collaboration_data(record: CollaborationRecord) -> CollaborationData:
    """The record with its references resolved (the schema has checked that they exist)."""
    parties = []
    for party in record.parties:
        name, _, role = party.rpartition(":")
        parties.append((find_organization(name), role))
    return CollaborationData(
        title_sv=record.title,
        title_en=record.title_en,
        description_sv=record.description,
        description_en=record.description_en,
        form=CollaborationForm.objects.get(slug=record.form),
        status=record.status,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        funding_sv=record.funding,
        funding_en=record.funding_en,
        outcomes_sv=record.outcomes,
        outcomes_en=record.outcomes_en,
        parties=parties,
        goals=list(Goal.objects.filter(number__in=record.sdgs)),
        people=list(dict.fromkeys(find_person(reference) for reference in record.people)),
        links=[tuple(link.split("|", 1)) for link in record.links],
        external_id=record.external_id,
    )


class CollaborationImporter(ServiceImporter):
    """Creates and updates through ``collaboration_register``."""

    kind = "collaborations"
    schema = CollaborationRecord
    list_fields = ("sdgs", "parties", "people", "links")
    column_of = COLUMN_OF

    def data_of(self, record: CollaborationRecord) -> CollaborationData:
        return collaboration_data(record)

    def existing(
        self, record: CollaborationRecord, data: CollaborationData
    ) -> Collaboration | None:
        if record.external_id:
            return Collaboration.objects.filter(external_id=record.external_id).first()
        return Collaboration.objects.filter(title_sv=record.title).first()

    def differs(self, existing: Collaboration, data: CollaborationData) -> bool:
        return collaboration_differs(existing, data)

    def save(self, data: CollaborationData, existing: Collaboration | None) -> None:
        collaboration_register(None, data, existing)


def collaboration_rows() -> tuple[list[str], Iterator[dict]]:
    def rows() -> Iterator[dict]:
        collaborations = (
            Collaboration.objects.select_related("form")
            .prefetch_related("goals", "parties__organization", "people", "links")
            .order_by("pk")
        )
        for c in collaborations:
            yield {
                "external_id": c.external_id,
                "title": c.title_sv,
                "title_en": c.title_en,
                "description": c.description_sv,
                "description_en": c.description_en,
                "form": c.form.slug,
                "status": c.status,
                "starts_on": c.starts_on.isoformat() if c.starts_on else "",
                "ends_on": c.ends_on.isoformat() if c.ends_on else "",
                "funding": c.funding_sv,
                "funding_en": c.funding_en,
                "outcomes": c.outcomes_sv,
                "outcomes_en": c.outcomes_en,
                "sdgs": sorted(goal.number for goal in c.goals.all()),
                "parties": [
                    f"{p.organization.external_id or p.organization.slug}:{p.role}"
                    for p in c.parties.all()
                ],
                "people": [
                    p.external_id or p.email for p in c.people.all() if p.external_id or p.email
                ],
                "links": [f"{link.title}|{link.url}" for link in c.links.all()],
            }

    return COLUMNS, rows()
