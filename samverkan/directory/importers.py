"""Import formats for organisations and people (documented in docs/import.md)."""

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

from samverkan.catalogue.models import CollaborationForm
from samverkan.kernel.importing import Importer, ImportReport, Outcome, duplicated_values
from samverkan.kernel.text import guess_language
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .duplicates import likely_duplicates_among
from .models import (
    Affiliation,
    Availability,
    ExpertProfile,
    Organization,
    OrganizationKind,
    Person,
    Visibility,
)
from .selectors import find_organization
from .services import (
    ProfileData,
    create_organization,
    deferred_search_updates,
    profile_update,
    refresh_search_documents,
    unique_slug,
)

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


def _save(instance: Organization | Person | ExpertProfile, values: dict) -> Outcome:
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
        problems = duplicated_values(records, "external_id")
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

    def apply(self, record: OrganizationRecord, line: int = 0) -> Outcome:
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
    """People with their affiliation. Organisations are found by name, short name or external id;
    unknown ones are created (kind "other") and listed in the report."""

    kind = "people"
    schema = PersonRecord

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report)
        self.organizations: dict[str, Organization] = {}
        self.touched: dict[int, Person] = {}
        self.created: dict[int, int] = {}  # person id -> line
        self.by_external_id: dict[str, Person] = {}
        self.by_email: dict[str, Person] = {}

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        """Also loads, in two queries, the people the file may update."""
        external_ids = [r.external_id for _, r in records if r.external_id]
        emails = [r.email for _, r in records if r.email and not r.external_id]
        for person in Person.objects.filter(external_id__in=external_ids):
            self.by_external_id[person.external_id] = person
        for person in Person.objects.filter(email__in=emails):
            self.by_email.setdefault(person.email.casefold(), person)
        return duplicated_values(records, "external_id")

    def organization_for(self, reference: str) -> Organization:
        key = reference.casefold()
        if key not in self.organizations:
            organization = find_organization(reference)
            if organization is None:
                organization = create_organization(reference)
                self.report.notes.append(f"created organisation {reference!r} (kind: other)")
            self.organizations[key] = organization
        return self.organizations[key]

    def find_person(self, record: PersonRecord) -> Person | None:
        if record.external_id:
            return self.by_external_id.get(record.external_id)
        if record.email:
            return self.by_email.get(record.email.casefold())
        return None

    def apply(self, record: PersonRecord, line: int = 0) -> Outcome:
        return self.apply_person(record, line)[1]

    def apply_person(self, record: PersonRecord, line: int) -> tuple[Person, Outcome]:
        person = self.find_person(record) or Person()
        values = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "email": record.email,
            "external_id": record.external_id or person.external_id,
        }
        values.update(
            {
                name: getattr(record, name)
                for name in ("phone", "orcid", "website")
                if getattr(record, name)
            }
        )
        created = person.pk is None
        with deferred_search_updates():
            outcome = _save(person, values)
            if record.organization and self.save_affiliation(person, record):
                outcome = Outcome.UPDATED if outcome == Outcome.UNCHANGED else outcome
        if outcome != Outcome.UNCHANGED:
            self.touched[person.pk] = person
        if created:
            self.created[person.pk] = line
        return person, outcome

    def save_affiliation(self, person: Person, record: PersonRecord) -> bool:
        """Create or update the affiliation; True when something changed."""
        organization = self.organization_for(record.organization)
        affiliation, created = Affiliation.objects.get_or_create(
            person=person,
            organization=organization,
            defaults={"title_sv": record.title, "title_en": record.title_en, "is_primary": True},
        )
        if created:
            return True
        if (affiliation.title_sv, affiliation.title_en) != (record.title, record.title_en):
            affiliation.title_sv, affiliation.title_en = record.title, record.title_en
            affiliation.save(update_fields=["title_sv", "title_en"])
            return True
        return False

    def finish(self) -> None:
        refresh_search_documents(list(self.touched))
        for person, other in likely_duplicates_among([self.touched[pk] for pk in self.created]):
            self.report.notes.append(
                f"line {self.created[person.pk]}: {person} may be the same person as "
                f"#{other.pk} {other}"
            )


class ExpertRecord(PersonRecord):
    """The expert import record of the external contract (DESIGN.md), plus optional fields."""

    expertise: str = ""
    expertise_en: str = ""
    keywords: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    ] = []
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = []
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = []
    forms: list[str] = []
    availability: Availability = Availability.AVAILABLE
    availability_note: Annotated[str, StringConstraints(max_length=200)] = ""
    visibility: Visibility = Visibility.MEMBERS
    consent: bool = False

    @field_validator("forms")
    @classmethod
    def known_forms(cls, value: list[str]) -> list[str]:
        known = set(CollaborationForm.objects.values_list("slug", flat=True))
        unknown = [slug for slug in value if slug not in known]
        if unknown:
            raise ValueError(f"unknown form(s) of collaboration: {', '.join(unknown)}")
        return value


class ExpertImporter(PersonImporter):
    kind = "experts"
    schema = ExpertRecord
    list_fields = ("keywords", "languages", "sdgs", "forms")

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report)
        self.goals = {goal.number: goal for goal in Goal.objects.all()}
        self.forms = {form.slug: form for form in CollaborationForm.objects.all()}

    def apply(self, record: ExpertRecord, line: int = 0) -> Outcome:
        person, outcome = self.apply_person(record, line)
        if self.save_profile(person, record):
            self.touched[person.pk] = person
            if outcome == Outcome.UNCHANGED:
                outcome = Outcome.UPDATED
        return outcome

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        """The rules of ``profile_update`` for every record, before anything is written."""
        problems = super().check(records)
        for line, record in records:
            errors = self.profile_data(record).errors(record.consent)
            problems.extend((line, name, m) for name, ms in errors.items() for m in ms)
        return problems

    def profile_data(self, record: ExpertRecord) -> ProfileData:
        expertise_sv, expertise_en = record.expertise, record.expertise_en
        if (
            record.expertise
            and not record.expertise_en
            and guess_language(record.expertise) == "en"
        ):
            expertise_sv, expertise_en = "", record.expertise
        return ProfileData(
            expertise_sv=expertise_sv,
            expertise_en=expertise_en,
            keywords=record.keywords,
            languages=record.languages,
            availability=record.availability,
            availability_note=record.availability_note,
            visibility=record.visibility,
            goals=[self.goals[number] for number in record.sdgs],
            forms=[self.forms[slug] for slug in record.forms],
        )

    def save_profile(self, person: Person, record: ExpertRecord) -> bool:
        with deferred_search_updates():
            _profile, changed = profile_update(
                None, person, self.profile_data(record), consent=record.consent
            )
        return changed
