"""Every change to the register of collaborations: registering, proposing, approving, progress.

Pages, the API, imports, the demo and closing a need all write through these functions, so the
same permission and validation rules hold on every path. ``actor`` is the account doing it;
``None`` is trusted work without an account (an import run from the command line, the demo).
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.roles import is_coordinator, is_partner
from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import Organization, Person
from samverkan.kernel.richtext import as_stored
from samverkan.sdg.models import Goal

from .models import Collaboration, CollaborationLink, CollaborationParty, PartyRole, Review


@dataclass
class CollaborationData:
    """What a collaboration says, parsed from a form, an API body or an import record.

    ``links`` is ``None`` when the caller does not edit links (the page): the existing ones stay.
    """

    title_sv: str
    form: CollaborationForm
    status: str
    parties: list[tuple[Organization, str]]
    title_en: str = ""
    description_sv: str = ""
    description_en: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    funding_sv: str = ""
    funding_en: str = ""
    outcomes_sv: str = ""
    outcomes_en: str = ""
    goals: list[Goal] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    links: list[tuple[str, str]] | None = None
    external_id: str = ""

    def errors(self) -> dict[str, list[str]]:
        """The rules every collaboration keeps, by field; empty when it may be saved."""
        errors: dict[str, list[str]] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("The end must be after the start.")]
        organizations = [organization for organization, _role in self.parties]
        if not organizations:
            errors["parties"] = [_("Name at least one organisation.")]
        elif len(organizations) != len(set(organizations)):
            errors["parties"] = [_("An organisation can have only one role.")]
        return errors


FIELDS = (
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "form",
    "status",
    "starts_on",
    "ends_on",
    "funding_sv",
    "funding_en",
    "outcomes_sv",
    "outcomes_en",
)


def collaboration_data(collaboration: Collaboration) -> CollaborationData:
    """What a stored collaboration says, as the starting point of a partial change."""
    return CollaborationData(
        **{name: getattr(collaboration, name) for name in FIELDS},
        parties=[(p.organization, p.role) for p in collaboration.parties.all()],
        goals=list(collaboration.goals.all()),
        people=list(collaboration.people.all()),
        links=[(link.title, link.url) for link in collaboration.links.all()],
        external_id=collaboration.external_id,
    )


def collaboration_differs(collaboration: Collaboration, data: CollaborationData) -> bool:
    """Whether saving ``data`` would change the stored collaboration (a re-import is a no-op)."""
    stored = collaboration_data(collaboration)
    return any(
        (
            any(
                getattr(stored, name) != as_stored(Collaboration, name, getattr(data, name))
                for name in FIELDS
            ),
            set(stored.parties) != set(data.parties),
            set(stored.goals) != set(data.goals),
            set(stored.people) != set(data.people),
            data.links is not None and stored.links != data.links,
            bool(data.external_id) and stored.external_id != data.external_id,
        )
    )


def collaboration_register(
    actor: User | None,
    data: CollaborationData,
    collaboration: Collaboration | None = None,
    *,
    proposed_by: User | None = None,
) -> Collaboration:
    """Register a collaboration, or edit one, as a coordinator: it is approved at once.

    ``proposed_by`` records who asked for it when that is not the actor (a need's submitter)."""
    if actor is not None and not is_coordinator(actor):
        raise PermissionDenied(_("Only coordinators may register collaborations."))
    if collaboration is None:
        collaboration = Collaboration(review=Review.APPROVED, proposed_by=proposed_by)
    return _save(collaboration, data)


def collaboration_draft(
    actor: User, data: CollaborationData, *, proposed_by: User | None = None
) -> Collaboration:
    """A coordinator's draft (a need closed as a collaboration): it waits, seen by coordinators
    and the proposer only, until a coordinator has checked it and approves it."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Only coordinators may register collaborations."))
    return _save(Collaboration(review=Review.PROPOSED, proposed_by=proposed_by), data)


def collaboration_propose(actor: User, data: CollaborationData) -> Collaboration:
    """A partner user proposes a collaboration of their organisation; it waits for review."""
    if not is_partner(actor):
        raise PermissionDenied(
            _("Only users of a partner organisation may propose collaborations.")
        )
    _check(data)
    if actor.organization not in [organization for organization, _role in data.parties]:
        data = replace(data, parties=[*data.parties, (actor.organization, PartyRole.PARTNER)])
    return _save(Collaboration(review=Review.PROPOSED, proposed_by=actor), data)


def collaboration_update(
    actor: User | None, collaboration: Collaboration, **changes: object
) -> Collaboration:
    """Record progress or results: change some fields, keeping the rules of the whole."""
    return collaboration_register(
        actor, replace(collaboration_data(collaboration), **changes), collaboration
    )


@transaction.atomic
def collaboration_approve(actor: User, collaboration: Collaboration) -> Collaboration:
    """A coordinator approves a proposal, after which everybody sees it; approving twice is
    harmless."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Only coordinators may approve collaborations."))
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    if collaboration.review != Review.APPROVED:
        collaboration.review = Review.APPROVED
        collaboration.save(update_fields=["review", "updated_at"])
    return collaboration


def _check(data: CollaborationData) -> None:
    if errors := data.errors():
        raise ValidationError(errors)


@transaction.atomic
def _save(collaboration: Collaboration, data: CollaborationData) -> Collaboration:
    _check(data)
    for name in FIELDS:
        setattr(collaboration, name, getattr(data, name))
    if data.external_id:
        collaboration.external_id = data.external_id
    collaboration.save()
    collaboration.goals.set(data.goals)
    collaboration.people.set(data.people)
    collaboration.parties.all().delete()
    CollaborationParty.objects.bulk_create(
        CollaborationParty(collaboration=collaboration, organization=organization, role=role)
        for organization, role in data.parties
    )
    if data.links is not None:
        collaboration.links.all().delete()
        CollaborationLink.objects.bulk_create(
            CollaborationLink(collaboration=collaboration, title=title, url=url)
            for title, url in data.links
        )
    return collaboration
