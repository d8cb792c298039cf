"""The arenas' part of the demo (``demo_data/``): two arenas with their members, and one account
per role, whose coordinators and admins are the arenas' staff. Needs the directory's demo."""

import json
from dataclasses import dataclass
from pathlib import Path

from samverkan.accounts.models import User
from samverkan.directory.models import Organization, Person
from samverkan.places.models import MunicipalAssociation

from .models import Arena, ArenaMembership

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "samverkan-demo"


def _read(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount(row["email"], row["role"], row["description"]) for row in _read("accounts.json")
]


def load_arenas() -> None:
    """The arenas and their members: named organisations and every member municipality of the
    named associations. Arenas are otherwise made in the admin, which has no service to call."""
    for row in _read("arenas.json"):
        values = {
            key: value
            for key, value in row.items()
            if key not in {"slug", "host", "members", "member_associations"}
        }
        arena, _created = Arena.objects.update_or_create(
            slug=row["slug"],
            defaults={**values, "host": Organization.objects.get(slug=row["host"])},
        )
        members = [Organization.objects.get(slug=slug) for slug in row["members"]]
        for slug in row["member_associations"]:
            association = MunicipalAssociation.objects.get(slug=slug)
            members += [m.organization for m in association.members.select_related("organization")]
        for organization in dict.fromkeys(members):
            ArenaMembership.objects.get_or_create(arena=arena, organization=organization)


def load_accounts() -> None:
    """One account per role, named after a demo person; the expert's is that person's own."""
    for row in _read("accounts.json"):
        person = Person.objects.get(external_id=row["person"]) if "person" in row else None
        named = Person.objects.get(external_id=row["name_of"]) if "name_of" in row else person
        fields: dict[str, object] = {
            "full_name": named.full_name if named else row["full_name"],
            **{key: row[key] for key in ("is_staff", "is_superuser") if key in row},
        }
        if "organization_municipality" in row:
            fields["organization"] = Organization.objects.get(
                municipality__code=row["organization_municipality"]
            )
        user, created = User.objects.update_or_create(email=row["email"], defaults=fields)
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if person:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        for slug in row.get("coordinator_of", []):
            Arena.objects.get(slug=slug).coordinators.add(user)
        for slug in row.get("admin_of", []):
            Arena.objects.get(slug=slug).admins.add(user)
