"""Import and export format for collaborations (docs/import.md)."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from django.db.models import Q
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import Person
from samverkan.directory.services import find_organization
from samverkan.kernel.importing import Importer, Outcome, duplicated_values
from samverkan.kernel.richtext import sanitize
from samverkan.sdg.models import Goal

from .models import Collaboration, CollaborationLink, CollaborationParty, PartyRole, Status

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
    people: list[str] = []
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

    @field_validator("people")
    @classmethod
    def known_people(cls, value: list[str]) -> list[str]:
        for reference in value:
            if not Person.objects.filter(
                Q(external_id=reference) | Q(email=reference.lower())
            ).exists():
                raise ValueError(f"no person with external id or e-mail {reference!r}")
        return value

    @field_validator("links")
    @classmethod
    def well_formed_links(cls, value: list[str]) -> list[str]:
        for link in value:
            title, _, url = link.partition("|")
            if not title or not url.startswith(("https://", "http://")):
                raise ValueError(f"{link!r}: write title|https://address")
        return value

    @model_validator(mode="after")
    def period_in_order(self) -> "CollaborationRecord":
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class CollaborationImporter(Importer):
    kind = "collaborations"
    schema = CollaborationRecord
    list_fields = ("sdgs", "parties", "people", "links")

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        return duplicated_values(records, "external_id")

    def apply(self, record: CollaborationRecord, line: int = 0) -> Outcome:
        collaboration = (
            Collaboration.objects.filter(external_id=record.external_id).first()
            if record.external_id
            else Collaboration.objects.filter(title_sv=record.title).first()
        )
        created = collaboration is None
        collaboration = collaboration or Collaboration(external_id=record.external_id)
        values = {
            "title_sv": record.title,
            "title_en": record.title_en,
            "description_sv": sanitize(record.description),
            "description_en": sanitize(record.description_en),
            "form_id": CollaborationForm.objects.get(slug=record.form).pk,
            "status": record.status,
            "starts_on": record.starts_on,
            "ends_on": record.ends_on,
            "funding_sv": record.funding,
            "funding_en": record.funding_en,
            "outcomes_sv": sanitize(record.outcomes),
            "outcomes_en": sanitize(record.outcomes_en),
        }
        changed = [k for k, v in values.items() if getattr(collaboration, k) != v]
        for key in changed:
            setattr(collaboration, key, values[key])
        if created or changed:
            collaboration.save()
        changed_relations = self.save_relations(collaboration, record, created)
        if created:
            return Outcome.CREATED
        return Outcome.UPDATED if changed or changed_relations else Outcome.UNCHANGED

    def save_relations(
        self, collaboration: Collaboration, record: CollaborationRecord, created: bool
    ) -> bool:
        goals = set(Goal.objects.filter(number__in=record.sdgs))
        people = {
            Person.objects.filter(Q(external_id=ref) | Q(email=ref.lower())).first()
            for ref in record.people
        }
        parties = set()
        for party in record.parties:
            name, _, role = party.rpartition(":")
            parties.add((find_organization(name).pk, role))
        links = [tuple(link.split("|", 1)) for link in record.links]
        current_parties = (
            set() if created else set(collaboration.parties.values_list("organization_id", "role"))
        )
        current_links = [] if created else list(collaboration.links.values_list("title", "url"))
        changed = False
        if created or set(collaboration.goals.all()) != goals:
            collaboration.goals.set(goals)
            changed = True
        if created or set(collaboration.people.all()) != people:
            collaboration.people.set(people)
            changed = True
        if current_parties != parties:
            collaboration.parties.all().delete()
            CollaborationParty.objects.bulk_create(
                CollaborationParty(collaboration=collaboration, organization_id=o, role=r)
                for o, r in parties
            )
            changed = True
        if current_links != links:
            collaboration.links.all().delete()
            CollaborationLink.objects.bulk_create(
                CollaborationLink(collaboration=collaboration, title=t, url=u) for t, u in links
            )
            changed = True
        return changed and not created


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
