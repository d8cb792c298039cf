"""Every change to an activity and its registrations goes through these functions, from the
pages, the API, imports and the demo.

Coordinators of an activity's arena plan and change it; ``actor`` ``None`` is trusted work
without an account (the demo, an import run from the command line). Registration needs no
account: the confirmation e-mail carries a signed link that shows and cancels that registration
only. A place given back goes to the first in line on the waiting list, and both are told.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.roles import is_coordinator
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization, Person
from samverkan.kernel.mail import absolute, send_templated
from samverkan.kernel.richtext import as_stored
from samverkan.sdg.models import Goal

from .calendar import ics_attachment
from .models import (
    Activity,
    ActivityKind,
    Invitation,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Status,
)

FIELDS = (
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
    "is_public",
    "registration",
    "capacity",
    "waiting_list",
)
TOKEN_SALT = "activities.registration"
INVITATION_SALT = "activities.invitation"
MAIL_LANGUAGE = "sv"  # the language of the e-mails to people without an account
TEXT_LIMIT = 20_000  # characters of a description or an agenda


@dataclass
class ActivityData:
    """What an activity says, parsed from a form, an API body or a data file."""

    title_sv: str
    kind: ActivityKind
    starts_at: datetime
    ends_at: datetime
    host: Organization
    arena: Arena
    title_en: str = ""
    description_sv: str = ""
    description_en: str = ""
    agenda_sv: str = ""
    agenda_en: str = ""
    address: str = ""
    online_url: str = ""
    is_public: bool = True
    registration: str = RegistrationMode.OFF
    capacity: int | None = None
    waiting_list: bool = True
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    external_id: str = ""

    def errors(self) -> dict[str, list[str]]:
        """The rules every activity keeps, by field; empty when it may be saved."""
        errors: dict[str, list[str]] = {}
        if not self.title_sv.strip():
            errors["title_sv"] = [_("Give the activity a title in Swedish.")]
        if self.ends_at < self.starts_at:
            errors["ends_at"] = [_("The end must be after the start.")]
        if self.kind.arena_id not in (None, self.arena.pk):
            errors["kind"] = [_("That kind of activity belongs to another arena.")]
        if self.registration not in RegistrationMode.values:
            errors["registration"] = [_("Choose how people register.")]
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = [_("Give at least one place, or leave it empty for no limit.")]
        for name in ("description_sv", "description_en", "agenda_sv", "agenda_en"):
            if len(getattr(self, name)) > TEXT_LIMIT:
                errors[name] = [
                    _("Write at most %(limit)s characters.") % {"limit": f"{TEXT_LIMIT:,}"}
                ]
        return errors


def can_manage(user: User | None, arena: Arena) -> bool:
    """The arena's coordinators (and its admins) plan its activities."""
    return user is None or is_coordinator(user, arena)


def lock_activity(activity: Activity) -> None:
    """Lock the activity's row and read it again: two registrations for the last place wait for
    each other instead of both getting it."""
    activity.refresh_from_db(from_queryset=Activity.objects.select_for_update())


@transaction.atomic
def activity_save(
    actor: User | None, data: ActivityData, activity: Activity | None = None
) -> Activity:
    """Plan a new activity or change ``activity``; a change is announced to calendars by a
    higher ``sequence``."""
    if not can_manage(actor, data.arena) or (
        activity is not None and not can_manage(actor, activity.arena)
    ):
        raise PermissionDenied(_("Only the arena's coordinators can plan its activities."))
    if errors := data.errors():
        raise ValidationError(errors)
    if activity is None:
        activity = Activity(created_by=actor)
    else:
        lock_activity(activity)
        activity.sequence += 1
    for name in FIELDS:
        setattr(activity, name, as_stored(Activity, name, getattr(data, name)))
    if data.external_id:
        activity.external_id = data.external_id
    activity.full_clean(exclude=["created_by", "uid"])
    activity.save()
    activity.organizations.set(data.organizations)
    activity.people.set(data.people)
    activity.goals.set(data.goals)
    return activity


@transaction.atomic
def activity_cancel(actor: User | None, activity: Activity) -> int:
    """Cancel the activity and tell everyone registered or waiting; returns how many."""
    if not can_manage(actor, activity.arena):
        raise PermissionDenied(_("Only the arena's coordinators can cancel its activities."))
    lock_activity(activity)
    if activity.status == Status.CANCELLED:
        return 0
    activity.status = Status.CANCELLED
    activity.sequence += 1
    activity.save(update_fields=["status", "sequence", "updated_at"])
    told = 0
    for registration in active_registrations(activity):
        _mail("activity_cancelled", registration)
        told += 1
    return told


@transaction.atomic
def activity_held(actor: User | None, activity: Activity) -> None:
    if not can_manage(actor, activity.arena):
        raise PermissionDenied(_("Only the arena's coordinators can change its activities."))
    lock_activity(activity)
    if activity.status == Status.CANCELLED:
        raise ValidationError(_("A cancelled activity cannot have been held."))
    activity.status = Status.HELD
    activity.sequence += 1
    activity.save(update_fields=["status", "sequence", "updated_at"])


def active_registrations(activity: Activity) -> QuerySet[Registration]:
    return activity.registrations.exclude(status=RegistrationStatus.CANCELLED)


@dataclass
class RegistrationData:
    """Who registers, parsed from the public form or an API body."""

    name: str
    email: str
    organization_name: str = ""
    dietary: str = ""
    accessibility: str = ""
    person: Person | None = None
    user: User | None = None

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not self.name.strip():
            errors["name"] = [_("Write your name.")]
        if "@" not in self.email:
            errors["email"] = [_("Write your e-mail address.")]
        return errors


@transaction.atomic
def register(activity: Activity, data: RegistrationData, invited: bool = False) -> Registration:
    """A place, or a place in line when every place is taken and the activity keeps a waiting
    list; the confirmation e-mail carries the link that shows and cancels it. Activities by
    invitation take registrations the coordinators make (``invited``) only."""
    lock_activity(activity)
    if errors := data.errors():
        raise ValidationError(errors)
    if activity.status != Status.PLANNED or activity.ends_at < timezone.now():
        raise ValidationError(_("Registration for this activity is closed."))
    if activity.registration == RegistrationMode.OFF or (
        activity.registration == RegistrationMode.INVITATION and not invited
    ):
        raise ValidationError(_("This activity takes no registrations here."))
    email = data.email.strip().lower()
    if active_registrations(activity).filter(email=email).exists():
        raise ValidationError({"email": [_("This e-mail address is already registered.")]})
    status = RegistrationStatus.CONFIRMED
    if not has_place(activity):
        if not activity.waiting_list:
            raise ValidationError(_("All places are taken."))
        status = RegistrationStatus.WAITING
    registration = Registration.objects.create(
        activity=activity,
        name=data.name.strip(),
        email=email,
        organization_name=data.organization_name.strip(),
        dietary=data.dietary.strip(),
        accessibility=data.accessibility.strip(),
        person=data.person,
        user=data.user,
        status=status,
    )
    _mail("registered" if status == RegistrationStatus.CONFIRMED else "waiting", registration)
    return registration


def has_place(activity: Activity) -> bool:
    if activity.capacity is None:
        return True
    taken = activity.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return taken < activity.capacity


@transaction.atomic
def cancel_registration(registration: Registration) -> Registration | None:
    """Give the place back; the first in line gets it and is told. Returns who got it. Cancelling
    twice changes nothing."""
    lock_activity(registration.activity)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    had_place = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _mail("registration_cancelled", registration)
    if not had_place or registration.activity.status != Status.PLANNED:
        return None
    return _promote(registration.activity)


def _promote(activity: Activity) -> Registration | None:
    first = activity.registrations.filter(status=RegistrationStatus.WAITING).first()
    if first is None or not has_place(activity):
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.save(update_fields=["status", "updated_at"])
    _mail("promoted", first)
    return first


@transaction.atomic
def mark_attendance(actor: User | None, registration: Registration, attended: bool) -> None:
    if not can_manage(actor, registration.activity.arena):
        raise PermissionDenied(_("Only the arena's coordinators can mark attendance."))
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])


def registration_token(registration: Registration) -> str:
    """The link of one registration: it names the registration and its e-mail address."""
    return signing.dumps(
        {"registration": registration.pk, "email": registration.email}, salt=TOKEN_SALT
    )


def registration_from_token(token: str) -> Registration | None:
    """The registration a link names, or ``None`` for a link that was changed or whose
    registration is gone."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Registration.objects.select_related("activity")
        .filter(pk=data.get("registration"), email=data.get("email"))
        .first()
    )


# The messages that give a place carry the activity's .ics, to add to a calendar.
WITH_CALENDAR = ("registered", "promoted")


def _mail(template: str, registration: Registration) -> None:
    link = absolute(
        reverse("activities:registration", kwargs={"token": registration_token(registration)})
    )
    attachments = None
    if template in WITH_CALENDAR:
        with translation.override(MAIL_LANGUAGE):
            attachments = [ics_attachment(registration.activity)]
    send_templated(
        f"activities/email/{template}",
        registration.email,
        {"registration": registration, "activity": registration.activity, "url": link},
        MAIL_LANGUAGE,
        attachments,
    )


@dataclass(frozen=True)
class Invited:
    """What :func:`invite` did: how many were invited now, how many had been before, and the
    directory people it could not invite because they have no e-mail address."""

    invited: int
    already: int
    without_email: list[str]


@transaction.atomic
def invite(
    actor: User | None, activity: Activity, people: list[Person], emails: list[str]
) -> Invited:
    """Invite directory ``people`` and outside ``emails``: one invitation, and one e-mail with
    its own link, per address; an address invited before is not invited again."""
    if not can_manage(actor, activity.arena):
        raise PermissionDenied(_("Only the arena's coordinators can invite to its activities."))
    if activity.status != Status.PLANNED or activity.registration == RegistrationMode.OFF:
        raise ValidationError(
            _("Invite to a planned activity that takes registrations (see its settings).")
        )
    wanted: dict[str, Person | None] = {}
    without_email = []
    for person in people:
        if person.email:
            wanted.setdefault(person.email.strip().lower(), person)
        else:
            without_email.append(person.full_name)
    for email in emails:
        wanted.setdefault(email.strip().lower(), None)
    if wrong := [email for email in wanted if not _is_email(email)]:
        raise ValidationError(
            {"emails": [_("Not an e-mail address: %(email)s") % {"email": e} for e in wrong]}
        )
    before = set(activity.invitations.filter(email__in=wanted).values_list("email", flat=True))
    for email, person in wanted.items():
        if email in before:
            continue
        invitation = Invitation.objects.create(
            activity=activity,
            email=email,
            name=person.full_name if person else "",
            person=person,
            invited_by=actor,
        )
        with translation.override(MAIL_LANGUAGE):
            path = reverse(
                "activities:invitation",
                kwargs={"pk": activity.pk, "token": invitation_token(invitation)},
            )
        send_templated(
            "activities/email/invitation",
            email,
            {"invitation": invitation, "activity": activity, "url": absolute(path)},
            MAIL_LANGUAGE,
        )
    return Invited(len(wanted) - len(before), len(before), without_email)


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def invitation_token(invitation: Invitation) -> str:
    """The link of one invitation: it names the invitation, its activity and its address."""
    return signing.dumps(
        {
            "invitation": invitation.pk,
            "activity": invitation.activity_id,
            "email": invitation.email,
        },
        salt=INVITATION_SALT,
    )


def invitation_from_token(activity: Activity, token: str) -> Invitation | None:
    """The invitation to ``activity`` a link names, or ``None`` for a changed link, a link to
    another activity or an invitation that is gone."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("activity") != activity.pk:
        return None
    return (
        activity.invitations.select_related("person")
        .filter(pk=data.get("invitation"), email=data.get("email"))
        .first()
    )
