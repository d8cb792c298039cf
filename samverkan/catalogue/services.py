"""Every change to an offering goes through ``offering_save``, from the pages, the API and the demo.

Who may post follows catalogue.permissions: partner users for their own organisation, experts for
their unit, coordinators for anyone. ``actor`` ``None`` is trusted work without an account (the
demo, an import run from the command line).
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.directory.models import Organization, Person
from samverkan.kernel.richtext import as_stored
from samverkan.sdg.models import Goal

from .models import (
    DEGREE_PROJECT,
    Audience,
    CollaborationForm,
    Level,
    Offering,
    OfferingStatus,
    Term,
)
from .permissions import can_edit_offering, posting_organizations

FIELDS = (
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "form",
    "organization",
    "contact",
    "audience",
    "status",
    "starts_on",
    "ends_on",
    "expires_on",
    "levels",
    "subject_sv",
    "subject_en",
    "start_term",
    "start_year",
    "how_to_apply_sv",
    "how_to_apply_en",
)


@dataclass
class OfferingData:
    """What an offering says, parsed from a form, an API body or a data file."""

    title_sv: str
    description_sv: str
    form: CollaborationForm
    organization: Organization
    title_en: str = ""
    description_en: str = ""
    contact: Person | None = None
    audience: str = Audience.MUNICIPALITIES
    status: str = OfferingStatus.DRAFT
    starts_on: date | None = None
    ends_on: date | None = None
    expires_on: date | None = None
    levels: list[str] = field(default_factory=list)
    subject_sv: str = ""
    subject_en: str = ""
    start_term: str = ""
    start_year: int | None = None
    how_to_apply_sv: str = ""
    how_to_apply_en: str = ""
    goals: list[Goal] = field(default_factory=list)
    external_id: str = ""

    def __post_init__(self) -> None:
        """One spelling of the levels, so a re-import with another order changes nothing."""
        self.levels = [value for value in Level.values if value in self.levels] + [
            value for value in self.levels if value not in Level.values
        ]

    def errors(self) -> dict[str, list[str]]:
        """The rules every offering keeps, by field; empty when it may be saved. A degree project
        tells students its level and how to apply, or they cannot use it."""
        errors: dict[str, list[str]] = {}
        if not as_stored(Offering, "description_sv", self.description_sv).strip():
            errors["description_sv"] = [_("Describe the offering in Swedish.")]
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("The end must be after the start.")]
        if unknown := [value for value in self.levels if value not in Level.values]:
            errors["levels"] = [_("Unknown level: %(level)s.") % {"level": ", ".join(unknown)}]
        if self.start_term and self.start_term not in Term.values:
            errors["start_term"] = [_("Unknown term: %(term)s.") % {"term": self.start_term}]
        if bool(self.start_term) != bool(self.start_year):
            errors["start_year" if self.start_term else "start_term"] = [
                _("Give both the term and the year it starts.")
            ]
        elif self.start_year and not 2000 <= self.start_year <= 2100:
            errors["start_year"] = [_("Give the year with four digits, for example 2027.")]
        if self.form.slug == DEGREE_PROJECT:
            if not self.levels:
                errors.setdefault("levels", [_("Choose the level the degree project suits.")])
            if not as_stored(Offering, "how_to_apply_sv", self.how_to_apply_sv).strip():
                errors["how_to_apply_sv"] = [_("Tell students how to apply, in Swedish.")]
        return errors


def offering_data(offering: Offering) -> OfferingData:
    """What a stored offering says, as the starting point of a partial change."""
    return OfferingData(
        **{name: getattr(offering, name) for name in FIELDS},
        goals=list(offering.goals.all()),
        external_id=offering.external_id,
    )


def offering_differs(offering: Offering, data: OfferingData) -> bool:
    """Whether saving ``data`` would change the stored offering (a re-import is a no-op)."""
    return (
        any(
            getattr(offering, name) != as_stored(Offering, name, getattr(data, name))
            for name in FIELDS
        )
        or set(offering.goals.all()) != set(data.goals)
        or (bool(data.external_id) and offering.external_id != data.external_id)
    )


@transaction.atomic
def offering_save(
    actor: User | None, data: OfferingData, offering: Offering | None = None
) -> Offering:
    """Post a new offering or change ``offering``, for an organisation the actor may post for,
    naming a contact person who works there."""
    if actor is not None:
        if offering is not None and not can_edit_offering(actor, offering):
            raise PermissionDenied(_("You may not change this offering."))
        organizations = posting_organizations(actor)
        if not organizations.filter(pk=data.organization.pk).exists():
            raise PermissionDenied(_("You may post offerings only for your own organisation."))
        if (
            data.contact is not None
            and not data.contact.affiliations.filter(organization__in=organizations).exists()
        ):
            raise ValidationError(
                {"contact": _("The contact person must work for an organisation you post for.")}
            )
    if errors := data.errors():
        raise ValidationError(errors)
    offering = offering or Offering()
    for name in FIELDS:
        setattr(offering, name, getattr(data, name))
    if data.external_id:
        offering.external_id = data.external_id
    offering.save()
    offering.goals.set(data.goals)
    return offering


def offering_update(actor: User | None, offering: Offering, **changes: object) -> Offering:
    """Change some fields of an offering, keeping the rules of the whole."""
    return offering_save(actor, replace(offering_data(offering), **changes), offering)
