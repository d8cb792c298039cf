"""Merging two records of the same person or organisation into one, losing nothing.

Everything that points at the record that goes away (affiliations, designated contacts, units,
accounts, memberships, the audit history) is moved to the record that stays; empty fields of the
record that stays are filled from the other. The merge itself is recorded in the audit trail.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena, ArenaMembership

from .models import Affiliation, ContactAssignment, ExpertProfile, Organization, Person
from .services import refresh_search_document

PERSON_FIELDS = ["email", "phone", "orcid", "website"]
ORGANIZATION_FIELDS = [
    "name_en",
    "short_name",
    "organization_number",
    "city",
    "website",
    "email",
    "phone",
    "description_sv",
    "description_en",
    "unit_type",
    "higher_education_kind",
]


def _fill_blanks(keep: object, other: object, fields: list[str]) -> list[str]:
    filled = [f for f in fields if not getattr(keep, f) and getattr(other, f)]
    for name in filled:
        setattr(keep, name, getattr(other, name))
    return filled


def _move_history(model: type, other_pk: int, keep_pk: int) -> None:
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_pk=str(other_pk)).update(
        object_pk=str(keep_pk), object_id=keep_pk
    )


def _record_merge(instance: object, other_pk: int, other_label: str) -> None:
    LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes={"merged": [f"{other_label} (#{other_pk})", str(instance)]},
        force_log=True,
    )


@transaction.atomic
def merge_people(keep: Person, other: Person) -> Person:
    if keep.pk == other.pk:
        raise ValueError("A person cannot be merged with itself.")
    other_pk, other_label = other.pk, str(other)
    for affiliation in other.affiliations.all():
        existing = keep.affiliations.filter(organization=affiliation.organization).first()
        if existing is None:
            affiliation.person = keep
            affiliation.save()
        else:
            _fill_blanks(existing, affiliation, ["title_sv", "title_en", "start_date", "end_date"])
            existing.save()
            affiliation.delete()
    ContactAssignment.objects.filter(person=other).update(person=keep)
    _merge_profiles(keep, other)
    if other.user_id and not keep.user_id:
        keep.user_id, other.user_id = other.user_id, None
        other.save(update_fields=["user"])
    external_id = other.external_id
    other.external_id = ""
    other.save(update_fields=["external_id"])
    _fill_blanks(keep, other, PERSON_FIELDS)
    if not keep.external_id:
        keep.external_id = external_id
    keep.save()
    _move_history(Person, other_pk, keep.pk)
    other.delete()
    _record_merge(keep, other_pk, other_label)
    refresh_search_document(keep)
    return keep


def _merge_profiles(keep: Person, other: Person) -> None:
    other_profile = ExpertProfile.objects.filter(person=other).first()
    if other_profile is None:
        return
    profile = ExpertProfile.objects.filter(person=keep).first()
    if profile is None:
        other_profile.person = keep
        other_profile.save()
        return
    _fill_blanks(profile, other_profile, ["expertise_sv", "expertise_en", "availability_note"])
    profile.keywords = list(dict.fromkeys([*profile.keywords, *other_profile.keywords]))
    profile.languages = list(dict.fromkeys([*profile.languages, *other_profile.languages]))
    if profile.consent_at is None and other_profile.consent_at is not None:
        profile.consent_at, profile.visibility = other_profile.consent_at, other_profile.visibility
    profile.save()
    profile.goals.add(*other_profile.goals.all())
    profile.forms.add(*other_profile.forms.all())
    _move_history(ExpertProfile, other_profile.pk, profile.pk)


@transaction.atomic
def merge_organizations(keep: Organization, other: Organization) -> Organization:
    if keep.pk == other.pk:
        raise ValueError("An organisation cannot be merged with itself.")
    other_pk, other_label = other.pk, str(other)
    Organization.objects.filter(parent=other).update(parent=keep)
    for affiliation in Affiliation.objects.filter(organization=other):
        if Affiliation.objects.filter(person=affiliation.person, organization=keep).exists():
            affiliation.delete()
        else:
            affiliation.organization = keep
            affiliation.save()
    ContactAssignment.objects.filter(organization=other).update(organization=keep)
    ContactAssignment.objects.filter(counterpart=other).update(counterpart=keep)
    User.objects.filter(organization=other).update(organization=keep)
    Arena.objects.filter(host=other).update(host=keep)
    for membership in ArenaMembership.objects.filter(organization=other):
        if ArenaMembership.objects.filter(arena=membership.arena, organization=keep).exists():
            membership.delete()
        else:
            membership.organization = keep
            membership.save()
    for link in ("municipality", "association", "seat", "county", "parent"):
        if getattr(keep, f"{link}_id") is None and getattr(other, f"{link}_id") is not None:
            value = getattr(other, link)
            if link in {"municipality", "association"}:
                setattr(other, link, None)
                other.save(update_fields=[link])
            setattr(keep, link, value)
    external_id = other.external_id
    other.external_id = ""
    other.save(update_fields=["external_id"])
    _fill_blanks(keep, other, ORGANIZATION_FIELDS)
    if not keep.external_id:
        keep.external_id = external_id
    keep.save()
    _move_history(Organization, other_pk, keep.pk)
    other.delete()
    _record_merge(keep, other_pk, other_label)
    return keep
