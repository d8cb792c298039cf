"""Import formats for organisations and people (documented in docs/import.md)."""

from collections import Counter
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from samverkan.core.importing import Importer, Outcome
from samverkan.places.models import Municipality

from .models import Affiliation, Organization, OrganizationKind, Person
from .services import create_organization, find_organization, unique_slug

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)
]


def _email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(f"{value!r} is not a valid e-mail address") from None
    return value.lower()


def _url(value: str) -> str:
    value = value.strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError(f"{value!r} is not a web address (http:// or https://)") from None
    return value


def _orcid(value: str) -> str:
    value = value.strip().removeprefix("https://orcid.org/")
    digits = value.replace("-", "")
    if value and (
        len(digits) != 16 or not digits[:15].isdigit() or digits[15] not in "0123456789X"
    ):
        raise ValueError(f"{value!r} is not an ORCID iD (0000-0000-0000-0000)")
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4)) if value else ""


Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Orcid = Annotated[str, AfterValidator(_orcid)]


class OrganizationRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: Text = ""
    name: RequiredText
    name_en: Text = ""
    short_name: Annotated[str, StringConstraints(max_length=50)] = ""
    kind: OrganizationKind = OrganizationKind.OTHER
    parent: Text = ""
    organization_number: Annotated[str, StringConstraints(pattern=r"^(\d{6}-\d{4})?$")] = ""
    municipality: Annotated[str, StringConstraints(pattern=r"^(\d{4})?$")] = ""
    city: Text = ""
    website: Url = ""
    email: Email = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    description: str = ""
    description_en: str = ""


class PersonRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: Text = ""
    first_name: Text = ""
    last_name: Text = ""
    name: Text = Field("", validate_default=True)
    email: Email = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    orcid: Orcid = ""
    website: Url = ""
    organization: Text = ""
    title: Text = ""
    title_en: Text = ""

    @field_validator("name")
    @classmethod
    def has_a_name(cls, value: str, info: ValidationInfo) -> str:
        if not value and not (info.data.get("first_name") and info.data.get("last_name")):
            raise ValueError("give name, or first_name and last_name")
        return value

    @model_validator(mode="after")
    def split_name(self) -> "PersonRecord":
        if self.name and not (self.first_name or self.last_name):
            first, _, last = self.name.rpartition(" ")
            self.first_name, self.last_name = (first, last) if first else (last, "")
        return self


def _duplicates(records: list[tuple[int, BaseModel]], key: str) -> list[tuple[int, str, str]]:
    counts = Counter(getattr(r, key) for _, r in records if getattr(r, key))
    return [
        (line, key, f"{getattr(r, key)!r} appears more than once in the file")
        for line, r in records
        if getattr(r, key) and counts[getattr(r, key)] > 1
    ]


def _save(instance: Organization | Person, values: dict) -> Outcome:
    """Save only what differs, so that re-importing the same file reports "unchanged"."""
    created = instance.pk is None
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if created:
        instance.save()
        return Outcome.CREATED
    if changed:
        instance.save(update_fields=[*changed, "updated_at"])
        return Outcome.UPDATED
    return Outcome.UNCHANGED


class OrganizationImporter(Importer):
    kind = "organizations"
    schema = OrganizationRecord

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        problems = _duplicates(records, "external_id")
        known = set(Municipality.objects.values_list("code", flat=True))
        in_file = {r.name.casefold() for _, r in records} | {
            r.external_id for _, r in records if r.external_id
        }
        for line, record in records:
            if record.municipality and record.municipality not in known:
                problems.append(
                    (line, "municipality", f"no municipality has SCB code {record.municipality}")
                )
            if (
                record.parent
                and record.parent.casefold() not in in_file
                and record.parent not in in_file
                and find_organization(record.parent) is None
            ):
                problems.append((line, "parent", f"no organisation called {record.parent!r}"))
        return problems

    def apply(self, record: OrganizationRecord) -> Outcome:
        existing = (
            Organization.objects.filter(external_id=record.external_id).first()
            if record.external_id
            else find_organization(record.name)
        )
        values = {
            "name_sv": record.name,
            "name_en": record.name_en,
            "short_name": record.short_name,
            "kind": record.kind,
            "parent": find_organization(record.parent) if record.parent else None,
            "organization_number": record.organization_number,
            "municipality": Municipality.objects.get(code=record.municipality)
            if record.municipality
            else None,
            "city": record.city,
            "website": record.website,
            "email": record.email,
            "phone": record.phone,
            "description_sv": record.description,
            "description_en": record.description_en,
            "external_id": record.external_id or (existing.external_id if existing else ""),
        }
        if existing is None:
            existing = Organization(slug=unique_slug(Organization, record.name))
        return _save(existing, values)


class PersonImporter(Importer):
    kind = "people"
    schema = PersonRecord

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        return _duplicates(records, "external_id")

    def organization_for(self, reference: str) -> Organization:
        organization = find_organization(reference)
        if organization is None:
            organization = create_organization(reference)
            self.report.notes.append(f"created organisation {reference!r} (kind: other)")
        return organization

    def apply(self, record: PersonRecord) -> Outcome:
        person = None
        if record.external_id:
            person = Person.objects.filter(external_id=record.external_id).first()
        elif record.email:
            person = Person.objects.filter(email__iexact=record.email).first()
        values = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "email": record.email,
            "phone": record.phone,
            "orcid": record.orcid,
            "website": record.website,
            "external_id": record.external_id or (person.external_id if person else ""),
        }
        person = person or Person()
        outcome = _save(person, values)
        if record.organization:
            organization = self.organization_for(record.organization)
            affiliation, created = Affiliation.objects.get_or_create(
                person=person,
                organization=organization,
                defaults={
                    "title_sv": record.title,
                    "title_en": record.title_en,
                    "is_primary": True,
                },
            )
            if not created and (affiliation.title_sv, affiliation.title_en) != (
                record.title,
                record.title_en,
            ):
                affiliation.title_sv, affiliation.title_en = record.title, record.title_en
                affiliation.save(update_fields=["title_sv", "title_en"])
                if outcome == Outcome.UNCHANGED:
                    outcome = Outcome.UPDATED
            elif created and outcome == Outcome.UNCHANGED:
                outcome = Outcome.UPDATED
        return outcome
