"""Import and export format for activities (docs/import.md).

``external_id`` is the stable key: importing a record again updates its activity, and only a
real change raises the calendar ``SEQUENCE``. An activity planned on the pages has no external
id; its export names it by its calendar UID instead, so the file can be edited and imported
again. Naive times are Stockholm time.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization
from samverkan.directory.references import (
    OrganizationReference,
    OrganizationReferences,
    PeopleReferences,
)
from samverkan.directory.selectors import find_organization, find_person
from samverkan.kernel.importing import ServiceImporter
from samverkan.kernel.richtext import as_stored
from samverkan.sdg.models import Goal

from .models import Activity, ActivityKind, RegistrationMode
from .services import FIELDS, ActivityData, activity_save

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=250)]
COLUMNS = [
    "external_id",
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "agenda_sv",
    "agenda_en",
    "kind",
    "starts_at",
    "ends_at",
    "address",
    "online_url",
    "host",
    "arena",
    "organizations",
    "people",
    "goals",
    "is_public",
    "registration",
    "capacity",
    "waiting_list",
]


class ActivityRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]
    title_sv: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=250)]
    title_en: Text = ""
    description_sv: str = ""
    description_en: str = ""
    agenda_sv: str = ""
    agenda_en: str = ""
    kind: str = Field(description="slug of a kind of activity")
    starts_at: datetime
    ends_at: datetime
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    online_url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    host: OrganizationReference
    arena: str = Field(description="slug of the arena")
    organizations: OrganizationReferences = []
    people: PeopleReferences = []
    goals: list[Annotated[int, Field(ge=1, le=17)]] = []
    is_public: bool = True
    registration: RegistrationMode = RegistrationMode.OFF
    capacity: int | None = None
    waiting_list: bool = True

    @field_validator("starts_at", "ends_at")
    @classmethod
    def stockholm_when_naive(cls, value: datetime) -> datetime:
        if timezone.is_naive(value):
            return timezone.make_aware(value, timezone.get_default_timezone())
        return value

    @field_validator("kind")
    @classmethod
    def known_kind(cls, value: str) -> str:
        if not ActivityKind.objects.filter(slug=value).exists():
            raise ValueError(f"unknown kind of activity {value!r}")
        return value

    @field_validator("arena")
    @classmethod
    def known_arena(cls, value: str) -> str:
        if not Arena.objects.filter(slug=value).exists():
            raise ValueError(f"no arena called {value!r}")
        return value

    @field_validator("online_url")
    @classmethod
    def well_formed_url(cls, value: str) -> str:
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError as error:
                raise ValueError(f"{value!r} is not an http or https address") from error
        return value


def kind_for(slug: str, arena: Arena) -> ActivityKind:
    """The arena's own kind of that name before every arena's; another arena's kind is left to
    the service to refuse."""
    kinds = ActivityKind.objects.filter(slug=slug).order_by("arena_id")
    return next((k for k in kinds if k.arena_id == arena.pk), None) or kinds[0]


def activity_data(record: ActivityRecord) -> ActivityData:
    """The record with its references resolved (the schema has checked that they exist)."""
    arena = Arena.objects.get(slug=record.arena)
    return ActivityData(
        title_sv=record.title_sv,
        title_en=record.title_en,
        description_sv=record.description_sv,
        description_en=record.description_en,
        agenda_sv=record.agenda_sv,
        agenda_en=record.agenda_en,
        kind=kind_for(record.kind, arena),
        starts_at=record.starts_at,
        ends_at=record.ends_at,
        address=record.address,
        online_url=record.online_url,
        host=find_organization(record.host),
        arena=arena,
        organizations=list(dict.fromkeys(find_organization(name) for name in record.organizations)),
        people=list(dict.fromkeys(find_person(reference) for reference in record.people)),
        goals=list(Goal.objects.filter(number__in=record.goals)),
        is_public=record.is_public,
        registration=record.registration,
        capacity=record.capacity,
        waiting_list=record.waiting_list,
        external_id=record.external_id,
    )


def _uid(key: str) -> UUID | None:
    try:
        return UUID(key)
    except ValueError:
        return None


def _keyed_by_uid(activity: Activity, data: ActivityData) -> bool:
    """The record names an activity without an external id by its UID, as its export does."""
    return not activity.external_id and str(activity.uid) == data.external_id


def activity_differs(activity: Activity, data: ActivityData) -> bool:
    """Whether saving ``data`` would change the stored activity (a re-import is a no-op)."""
    return any(
        (
            any(
                getattr(activity, name) != as_stored(Activity, name, getattr(data, name))
                for name in FIELDS
            ),
            set(activity.organizations.all()) != set(data.organizations),
            set(activity.people.all()) != set(data.people),
            set(activity.goals.all()) != set(data.goals),
            activity.external_id != data.external_id and not _keyed_by_uid(activity, data),
        )
    )


class ActivityImporter(ServiceImporter):
    """Creates and updates through ``activity_save``, as trusted work from the command line."""

    kind = "activities"
    schema = ActivityRecord
    list_fields = ("organizations", "people", "goals")

    def data_of(self, record: ActivityRecord) -> ActivityData:
        return activity_data(record)

    def existing(self, record: ActivityRecord, data: ActivityData) -> Activity | None:
        found = Q(external_id=record.external_id)
        if uid := _uid(record.external_id):
            found |= Q(uid=uid, external_id="")
        return Activity.objects.filter(found).first()

    def differs(self, existing: Activity, data: ActivityData) -> bool:
        return activity_differs(existing, data)

    def save(self, data: ActivityData, existing: Activity | None) -> None:
        if existing is not None and _keyed_by_uid(existing, data):
            data = replace(data, external_id="")
        activity_save(None, data, existing)


def _moment(value: datetime) -> str:
    """Stockholm time with its offset: read back as the same moment anywhere."""
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat()


def _reference(organization: Organization) -> str:
    return organization.external_id or organization.slug


def activity_rows() -> tuple[list[str], Iterator[dict]]:
    def rows() -> Iterator[dict]:
        activities = (
            Activity.objects.select_related("kind", "host", "arena")
            .prefetch_related("organizations", "people", "goals")
            .order_by("pk")
        )
        for a in activities.iterator(500):
            yield {
                "external_id": a.external_id or str(a.uid),
                "title_sv": a.title_sv,
                "title_en": a.title_en,
                "description_sv": a.description_sv,
                "description_en": a.description_en,
                "agenda_sv": a.agenda_sv,
                "agenda_en": a.agenda_en,
                "kind": a.kind.slug,
                "starts_at": _moment(a.starts_at),
                "ends_at": _moment(a.ends_at),
                "address": a.address,
                "online_url": a.online_url,
                "host": _reference(a.host),
                "arena": a.arena.slug,
                "organizations": [_reference(o) for o in a.organizations.all()],
                "people": [
                    p.external_id or p.email for p in a.people.all() if p.external_id or p.email
                ],
                "goals": sorted(goal.number for goal in a.goals.all()),
                "is_public": a.is_public,
                "registration": a.registration,
                "capacity": a.capacity,
                "waiting_list": a.waiting_list,
            }

    return COLUMNS, rows()
