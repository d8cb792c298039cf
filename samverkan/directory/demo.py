"""The directory's part of the demo (``demo_data/``): the organisations of Västra Götaland with
the six universities' units, fictional people and experts, designated contacts and one likely
duplicate. People and experts are import files, loaded by the directory's own importers."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from samverkan.catalogue.models import CollaborationForm
from samverkan.kernel.importing import run_import
from samverkan.kernel.text import ascii_fold
from samverkan.places.models import County, MunicipalAssociation, Municipality
from samverkan.sdg.models import Goal

from .models import (
    Affiliation,
    ContactAssignment,
    ContactRole,
    Organization,
    OrganizationKind,
    Person,
)
from .services import ProfileData, assign_contact, profile_update, unit_save

DATA = Path(__file__).resolve().parent / "demo_data"


def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _external_ids(name: str) -> list[str]:
    """The people of an import file, in the file's order."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["external_id"] for line in lines if line.strip()]


def load_directory() -> None:
    """Everything of the directory, in the order the references need."""
    load_municipal_organizations()
    load_regional_bodies()
    load_units()
    import_people("people.jsonl")
    import_people("experts.jsonl", kind="experts")
    load_demo_expert_profile()
    load_contacts()
    load_likely_duplicate()


def load_municipal_organizations() -> None:
    """The members of the four West Swedish associations, and the associations themselves.

    Written here: the organisation import keys on names and external ids, not on the slugs and
    municipalities these are known by."""
    for association in MunicipalAssociation.objects.prefetch_related("members"):
        Organization.objects.update_or_create(
            slug=f"kf-{association.slug}",
            defaults={
                "name_sv": association.name,
                "short_name": association.short_name,
                "kind": OrganizationKind.ASSOCIATION,
                "association": association,
                "county": association.county,
                "website": association.website,
            },
        )
        for municipality in association.members.all():
            domain = slugify(ascii_fold(municipality.name))
            Organization.objects.update_or_create(
                municipality=municipality,
                defaults={
                    "name_sv": municipality.organization_name,
                    "name_en": f"{municipality.name} Municipality",
                    "slug": f"kommun-{domain}",
                    "kind": OrganizationKind.MUNICIPALITY,
                    "county": municipality.county,
                    "city": municipality.name,
                    "email": f"kontakt@{domain}.example.se",
                },
            )


def load_regional_bodies() -> None:
    """The region and the county board, by slug (as above)."""
    for row in _read("organisations.json"):
        values = dict(row)
        slug = values.pop("slug")
        values["county"] = County.objects.get(code=values["county"])
        Organization.objects.update_or_create(slug=slug, defaults=values)


def load_units() -> None:
    """Faculties, departments and collaboration offices; a unit comes after its parent."""
    for university_slug, rows in _read("units.json").items():
        university = Organization.objects.get(slug=university_slug)
        units: dict[str, Organization] = {}
        for row in rows:
            units[row["key"]] = unit_save(
                units[row["parent"]] if row["parent"] else university,
                row["key"],
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                unit_type=row["kind"],
                is_collaboration_office=row["kind"] == "office",
                email=row["email"] or "",
                phone=row["phone"] or "",
            )


def import_people(name: str, kind: str = "people") -> None:
    """An import file of ``demo_data``, through the import a real file would go through."""
    report = run_import(kind, DATA / name)
    if not report.ok:
        raise ValueError("\n".join(str(error) for error in report.errors))


def load_demo_expert_profile() -> None:
    """The demo expert account's own profile, public with consent."""
    profile = _read("expert_profile.json")
    profile_update(
        None,
        Person.objects.get(external_id=profile["person"]),
        ProfileData(
            expertise_sv=profile["expertise_sv"],
            expertise_en=profile["expertise_en"],
            keywords=profile["keywords"],
            languages=profile["languages"],
            visibility=profile["visibility"],
            goals=list(Goal.objects.filter(number__in=profile["goals"])),
            forms=list(CollaborationForm.objects.filter(slug__in=profile["forms"])),
        ),
        consent=profile["consent"],
    )


def load_contacts() -> None:
    """Designated contacts: every Sjuhärad and Fyrbodal municipality has a named contact at
    Högskolan i Borås and Högskolan Väst; Göteborgsregionen and Skaraborg have contacts at
    association level; other universities fall back to their collaboration offices."""
    ContactAssignment.objects.filter(person__external_id__startswith="demo:").delete()
    plan = _read("contacts.json")
    start = date.fromisoformat(plan["start_date"])
    ids = [*_external_ids("people.jsonl"), *_external_ids("experts.jsonl")]
    by_id = {
        person.external_id: person
        for person in Person.objects.filter(external_id__in=ids).prefetch_related(
            "affiliations__organization__parent__parent"
        )
    }
    everyone = [by_id[external_id] for external_id in ids]

    def staff(slug: str) -> list[Person]:
        """The demo people of a university, in the order of the data files."""
        return [
            person
            for person in everyone
            if any(a.organization.top.slug == slug for a in person.affiliations.all())
        ]

    for row in plan["every_member"]:
        contacts = staff(row["university"])[: row["contacts"]]
        members = MunicipalAssociation.objects.get(slug=row["association"]).members.order_by("name")
        for index, municipality in enumerate(members):
            assign_contact(
                contacts[index % len(contacts)], municipality, ContactRole.CONTACT, start
            )
    for row in plan["association"]:
        # No service designates a contact for a whole association (the pages and the API do it
        # per municipality), so these are written here.
        ContactAssignment.objects.create(
            person=staff(row["university"])[row["staff"]],
            organization=Organization.objects.get(slug=row["university"]),
            counterpart=Organization.objects.get(association__slug=row["association"]),
            role=ContactRole.CONTACT,
            start_date=start,
        )
    for row in plan["municipality"]:
        assign_contact(
            staff(row["university"])[row["staff"]],
            Municipality.objects.get(code=row["municipality"]),
            ContactRole.CONTACT,
            start,
        )
    for row in plan["university_coordinators"]:
        assign_contact(
            by_id[row["person"]],
            Municipality.objects.get(code=row["municipality"]),
            ContactRole.UNIVERSITY_COORDINATOR,
            start,
        )


def load_likely_duplicate() -> None:
    """A coordinator registered twice, as an HR import might do, for the duplicates page. Its
    affiliation is not the primary one, which the people import cannot say, hence no import."""
    row = _read("likely_duplicate.json")
    person, _created = Person.objects.update_or_create(
        external_id=row["external_id"],
        defaults={
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "email": row["email"],
        },
    )
    Affiliation.objects.update_or_create(
        person=person,
        organization=Organization.objects.get(slug=row["organization"]),
        defaults={"title_sv": row["title_sv"], "title_en": row["title_en"]},
    )
