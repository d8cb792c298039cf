"""The demo data set: real West Swedish organisations, two arenas, fictional people and one
account per role. Loading it again updates what is there instead of duplicating it."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena, ArenaMembership
from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.catalogue.services import OfferingData, offering_save
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.services import CollaborationData, collaboration_register
from samverkan.directory.models import (
    Affiliation,
    ContactAssignment,
    ContactRole,
    ExpertProfile,
    Organization,
    OrganizationKind,
    Person,
    UnitType,
    Visibility,
)
from samverkan.directory.selectors import top_level
from samverkan.directory.services import (
    ProfileData,
    deferred_search_updates,
    municipality_organization,
    profile_update,
    refresh_search_documents,
)
from samverkan.kernel.richtext import render
from samverkan.kernel.text import ascii_fold
from samverkan.places.models import County, MunicipalAssociation, Municipality
from samverkan.sdg.models import Goal

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "samverkan-demo"
WEST_SWEDISH_UNIVERSITIES = ["chalmers", "gu", "hv", "hb", "his", "ju"]
SJUHARAD = "sjuharad"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("partner@example.se", "partner", "Högskolekoordinator, Borås kommun"),
    DemoAccount("expert@example.se", "expert", "Universitetslektor, Högskolan i Borås"),
    DemoAccount("koordinator@example.se", "coordinator", "Samverkanskoordinator, båda arenorna"),
    DemoAccount("arenaadmin@example.se", "arena admin", "Administratör, Västsvensk arena"),
    DemoAccount("admin@example.se", "system admin", "Systemadministratör"),
]


def ascii_slug(text: str) -> str:
    return slugify(ascii_fold(text))


def _read(name: str) -> object:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_municipal_organizations() -> dict[str, Organization]:
    """The members of the four West Swedish associations, and the associations themselves."""
    organizations = {}
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
            domain = ascii_slug(municipality.name)
            organizations[municipality.code], _ = Organization.objects.update_or_create(
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
    return organizations


def load_regional_bodies() -> list[Organization]:
    west = County.objects.get(code="14")
    region, _ = Organization.objects.update_or_create(
        slug="vastra-gotalandsregionen",
        defaults={
            "name_sv": "Västra Götalandsregionen",
            "name_en": "Region Västra Götaland",
            "short_name": "VGR",
            "kind": OrganizationKind.REGION,
            "county": west,
            "city": "Vänersborg",
            "website": "https://www.vgregion.se",
        },
    )
    county_board, _ = Organization.objects.update_or_create(
        slug="lansstyrelsen-vastra-gotaland",
        defaults={
            "name_sv": "Länsstyrelsen i Västra Götalands län",
            "name_en": "County Administrative Board of Västra Götaland",
            "kind": OrganizationKind.COUNTY_BOARD,
            "county": west,
            "city": "Göteborg",
            "website": "https://www.lansstyrelsen.se/vastra-gotaland",
        },
    )
    return [region, county_board]


def load_units() -> dict[str, Organization]:
    units: dict[str, Organization] = {}
    for university_slug, rows in _read("units.json").items():
        university = Organization.objects.get(slug=university_slug)
        for row in rows:
            parent = units[row["parent"]] if row["parent"] else university
            units[row["key"]], _ = Organization.objects.update_or_create(
                slug=row["key"],
                defaults={
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                    "kind": OrganizationKind.UNIVERSITY,
                    "parent": parent,
                    "unit_type": row["kind"] if row["kind"] in UnitType.values else "other",
                    "is_collaboration_office": row["kind"] == "office",
                    "county": university.county,
                    "city": university.city,
                    "email": row["email"] or "",
                    "phone": row["phone"] or "",
                },
            )
    return units


def load_people(
    units: dict[str, Organization], municipalities: dict[str, Organization]
) -> dict[str, Person]:
    people = {}
    for row in _read("people.json"):
        person, _ = Person.objects.update_or_create(
            external_id=f"demo:{row['key']}",
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": row["email"],
                "phone": row["phone"] or "",
            },
        )
        organization = (
            units[row["unit"]]
            if row["unit"]
            else municipalities[row["organization_municipality_code"]]
        )
        Affiliation.objects.update_or_create(
            person=person,
            organization=organization,
            defaults={
                "title_sv": row["title_sv"],
                "title_en": row["title_en"],
                "is_primary": row["is_primary"],
            },
        )
        people[row["key"]] = person
    return people


def load_arenas(
    municipalities: dict[str, Organization], regional_bodies: list[Organization]
) -> tuple[Arena, Arena]:
    universities = {
        o.slug: o for o in Organization.objects.filter(slug__in=["chalmers", "gu", "hv", "hb"])
    }
    west, _ = Arena.objects.update_or_create(
        slug="vastsvensk-arena",
        defaults={
            "name_sv": "Västsvensk arena för hållbar utveckling",
            "name_en": "West Swedish Arena for Sustainable Development",
            "description_sv": (
                "Chalmers, Göteborgs universitet och Högskolan Väst äger tillsammans arenan, där "
                "Västra Götalandsregionen är medgrundande partner. Här möts lärosäten, kommuner "
                "och regionala aktörer för att driva omställningen till ett hållbart samhälle "
                "med forskning, utbildning och gemensamma projekt.\n\n"
                "Kansliet hjälper kommuner att hitta rätt forskare, planerar kommunbesök och "
                "workshoppar och följer upp samverkan mot de globala målen."
            ),
            "description_en": (
                "Chalmers, the University of Gothenburg and University West own the arena "
                "together, with Region Västra Götaland as co-founding partner. Universities, "
                "municipalities and regional bodies meet here to drive the transition to a "
                "sustainable society through research, education and joint projects.\n\n"
                "The secretariat helps municipalities find the right researchers, plans "
                "municipal visits and workshops and follows up collaboration against the "
                "Global Goals."
            ),
            "colour": "#1e6b52",
            "contact_email": "arena@vastsvensk.example.se",
            "host": universities["gu"],
        },
    )
    west_members = [universities["chalmers"], universities["gu"], universities["hv"]]
    west_members += regional_bodies
    west_members += [
        organization
        for organization in municipalities.values()
        if organization.municipality.associations.filter(
            slug__in=["goteborgsregionen", "fyrbodal"]
        ).exists()
    ]
    borås, _ = Arena.objects.update_or_create(
        slug="hb-kommunsamverkan",
        defaults={
            "name_sv": "Högskolan i Borås arena för kommunsamverkan",
            "name_en": "University of Borås Arena for Municipal Collaboration",
            "description_sv": (
                "Högskolan i Borås och de åtta kommunerna i Sjuhärad samarbetar om "
                "kompetensförsörjning, välfärd, textil och cirkulär ekonomi. Arenan ger varje "
                "kommun en kontaktperson på högskolan och en väg in till forskare, studenter "
                "och uppdragsutbildning."
            ),
            "description_en": (
                "The University of Borås and the eight Sjuhärad municipalities work together on "
                "skills supply, welfare, textiles and the circular economy. The arena gives "
                "every municipality a contact person at the university and a way in to "
                "researchers, students and commissioned education."
            ),
            "colour": "#7a2e5e",
            "contact_email": "kommunsamverkan@hb.example.se",
            "host": universities["hb"],
        },
    )
    sjuharad = MunicipalAssociation.objects.get(slug=SJUHARAD)
    borås_members = [universities["hb"]] + [municipalities[m.code] for m in sjuharad.members.all()]
    for arena, members in ((west, west_members), (borås, borås_members)):
        for organization in members:
            ArenaMembership.objects.get_or_create(arena=arena, organization=organization)
    return west, borås


def load_accounts(
    west: Arena, borås: Arena, people: dict[str, Person], municipalities: dict[str, Organization]
) -> None:
    def account(email: str, full_name: str, **fields: object) -> User:
        user, created = User.objects.update_or_create(
            email=email, defaults={"full_name": full_name, **fields}
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    partner = people["p-050"]
    account("partner@example.se", partner.full_name, organization=municipalities["1490"])
    expert_user = account("expert@example.se", people["p-029"].full_name)
    Person.objects.filter(user=expert_user).exclude(pk=people["p-029"].pk).update(user=None)
    people["p-029"].user = expert_user
    people["p-029"].save(update_fields=["user"])
    coordinator = account("koordinator@example.se", people["p-025"].full_name)
    arena_admin = account("arenaadmin@example.se", people["p-009"].full_name)
    account("admin@example.se", "Systemadministratör", is_staff=True, is_superuser=True)
    for arena in (west, borås):
        arena.coordinators.add(coordinator)
    west.admins.add(arena_admin)


def load_experts(units: dict[str, Organization]) -> dict[str, Person]:
    """About 150 fictional researchers and teachers with expert profiles."""
    goals = {goal.number: goal for goal in Goal.objects.all()}
    forms = {form.slug: form for form in CollaborationForm.objects.all()}
    experts = {}
    for row in _read("experts.json"):
        person, _ = Person.objects.update_or_create(
            external_id=f"demo:{row['key']}",
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": row["email"],
                "phone": row["phone"] or "",
                "orcid": row["orcid"] or "",
            },
        )
        Affiliation.objects.update_or_create(
            person=person,
            organization=units[row["unit"]],
            defaults={
                "title_sv": row["title_sv"],
                "title_en": row["title_en"],
                "is_primary": True,
            },
        )
        profile_update(
            None,
            person,
            ProfileData(
                expertise_sv=row["expertise_sv"],
                expertise_en=row["expertise_en"],
                keywords=row["keywords"],
                languages=row["languages"],
                availability=row["availability"],
                availability_note=row["availability_note_sv"],
                visibility=row["visibility"],
                goals=[goals[number] for number in row["sdgs"]],
                forms=[forms[slug] for slug in row["forms"]],
            ),
            consent=row["consent"],
        )
        experts[row["key"]] = person
    return experts


DEMO_EXPERT_PROFILE = {
    "expertise_sv": (
        "Jag forskar om hur hemtjänst och särskilda boenden kan behålla undersköterskor, med "
        "fokus på introduktion av nyanställda, handledning och arbetsmiljö. Tillsammans med "
        "Marks och Tranemo kommuner har jag följt hur en strukturerad första månad påverkar "
        "personalomsättningen. Jag handleder gärna examensarbeten och håller workshoppar för "
        "enhetschefer."
    ),
    "expertise_en": (
        "I study how home care and nursing homes can retain assistant nurses, focusing on the "
        "induction of new staff, supervision and the work environment."
    ),
    "keywords": ["äldreomsorg", "hemtjänst", "personalomsättning", "introduktion", "arbetsmiljö"],
    "languages": ["sv", "en"],
    "goals": [3, 8],
    "forms": ["degree-project", "workshop", "joint-research"],
}


def load_demo_expert_profile(person: Person) -> None:
    """The demo expert account's own profile, public with consent."""
    profile_update(
        None,
        person,
        ProfileData(
            **{k: v for k, v in DEMO_EXPERT_PROFILE.items() if k not in {"goals", "forms"}},
            visibility=Visibility.PUBLIC,
            goals=list(Goal.objects.filter(number__in=DEMO_EXPERT_PROFILE["goals"])),
            forms=list(CollaborationForm.objects.filter(slug__in=DEMO_EXPERT_PROFILE["forms"])),
        ),
        consent=True,
    )


def load_contacts(
    people: dict[str, Person], experts: dict[str, Person], municipalities: dict[str, Organization]
) -> None:
    """Designated contacts: every Sjuhärad and Fyrbodal municipality has a named contact at
    Högskolan i Borås and Högskolan Väst; Göteborgsregionen and Skaraborg have contacts at
    association level; other universities fall back to their collaboration offices."""
    ContactAssignment.objects.filter(person__external_id__startswith="demo:").delete()
    start = date(2026, 1, 1)

    def staff(slug: str) -> list[Person]:
        return [
            person
            for person in [*people.values(), *experts.values()]
            if any(top_level(a.organization).slug == slug for a in person.affiliations.all())
        ]

    for association_slug, university_slug in (("sjuharad", "hb"), ("fyrbodal", "hv")):
        university = Organization.objects.get(slug=university_slug)
        contacts = staff(university_slug)[:5]
        members = MunicipalAssociation.objects.get(slug=association_slug).members.order_by("name")
        for index, municipality in enumerate(members):
            ContactAssignment.objects.create(
                person=contacts[index % len(contacts)],
                organization=university,
                counterpart=municipalities[municipality.code],
                role=ContactRole.CONTACT,
                start_date=start,
            )
    for association_slug, university_slug in (("goteborgsregionen", "gu"), ("skaraborg", "his")):
        ContactAssignment.objects.create(
            person=staff(university_slug)[0],
            organization=Organization.objects.get(slug=university_slug),
            counterpart=Organization.objects.get(association__slug=association_slug),
            role=ContactRole.CONTACT,
            start_date=start,
        )
    skövde = municipalities["1496"]
    ContactAssignment.objects.create(
        person=staff("his")[1],
        organization=Organization.objects.get(slug="his"),
        counterpart=skövde,
        role=ContactRole.CONTACT,
        start_date=start,
    )
    for key, code in (("p-050", "1490"), ("p-053", "1491"), ("p-055", "1488"), ("p-058", "1496")):
        ContactAssignment.objects.create(
            person=people[key],
            organization=municipalities[code],
            role=ContactRole.UNIVERSITY_COORDINATOR,
            start_date=start,
        )


def load_likely_duplicate(units: dict[str, Organization]) -> None:
    """A coordinator registered twice, as an HR import might do, for the duplicates page."""
    person, _ = Person.objects.update_or_create(
        external_id="demo:hr-4471",
        defaults={
            "first_name": "Malin",
            "last_name": "Gustafsson",
            "email": "m.gustafsson@hb.example.se",
        },
    )
    Affiliation.objects.update_or_create(
        person=person,
        organization=units["hb-samverkan"],
        defaults={"title_sv": "Samverkansrådgivare", "title_en": "Collaboration adviser"},
    )


def _organization_of(poster: dict, units: dict[str, Organization]) -> Organization:
    if "municipality" in poster:
        return municipality_organization(Municipality.objects.get(code=poster["municipality"]))
    if poster.get("unit"):
        return units[poster["unit"]]
    return Organization.objects.get(slug=poster["university"])


def load_offerings(units: dict[str, Organization], experts: dict[str, Person]) -> None:
    """About 40 offerings and thesis topics, three of them already expired."""
    forms = {form.slug: form for form in CollaborationForm.objects.all()}
    goals = {goal.number: goal for goal in Goal.objects.all()}
    for row in _read("offerings.json"):
        offering_save(
            None,
            OfferingData(
                title_sv=row["title_sv"],
                title_en=row["title_en"],
                description_sv=str(render(row["description_sv"])),
                description_en=str(render(row["description_en"])),
                form=forms[row["form"]],
                organization=_organization_of(row["posted_by"], units),
                contact=experts.get(row["contact_expert"] or ""),
                audience=row["audience"],
                status=row["status"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                expires_on=row["expires_on"],
                goals=[goals[number] for number in row["sdgs"]],
                external_id=f"demo:{row['key']}",
            ),
            Offering.objects.filter(external_id=f"demo:{row['key']}").first(),
        )


def load_collaborations(experts: dict[str, Person]) -> None:
    """About 80 collaborations across the 50 municipalities and six universities."""
    forms = {form.slug: form for form in CollaborationForm.objects.all()}
    goals = {goal.number: goal for goal in Goal.objects.all()}
    region = Organization.objects.get(slug="vastra-gotalandsregionen")
    for row in _read("collaborations.json"):
        parties = []
        for party in row["parties"]:
            if party.get("region"):
                organization = region
            elif "municipality" in party:
                organization = municipality_organization(
                    Municipality.objects.get(code=party["municipality"])
                )
            else:
                organization = Organization.objects.get(slug=party["university"])
            parties.append((organization, party["role"]))
        collaboration_register(
            None,
            CollaborationData(
                title_sv=row["title_sv"],
                title_en=row["title_en"],
                description_sv=str(render(row["description_sv"])),
                description_en=str(render(row["description_en"])),
                form=forms[row["form"]],
                status=row["status"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                funding_sv=row["funding_sv"],
                funding_en=row["funding_en"],
                outcomes_sv=str(render(row["outcomes_sv"])),
                outcomes_en=str(render(row["outcomes_en"])),
                parties=parties,
                goals=[goals[number] for number in row["sdgs"]],
                people=[experts[key] for key in row["people"]],
                links=[(link["title"], link["url"]) for link in row["links"]],
                external_id=f"demo:{row['key']}",
            ),
            Collaboration.objects.filter(external_id=f"demo:{row['key']}").first(),
        )


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load everything, then compute every person's search terms once at the end."""
    with deferred_search_updates():
        _load_all()
    refresh_search_documents(list(Person.objects.values_list("pk", flat=True)))
    return {
        "organisations": Organization.objects.count(),
        "people": Person.objects.count(),
        "expert profiles": ExpertProfile.objects.count(),
        "designated contacts": ContactAssignment.objects.count(),
        "offerings": Offering.objects.count(),
        "collaborations": Collaboration.objects.count(),
        "arenas": Arena.objects.count(),
        "accounts": User.objects.count(),
        "municipalities": Municipality.objects.count(),
    }


def _load_all() -> None:
    municipalities = load_municipal_organizations()
    regional_bodies = load_regional_bodies()
    units = load_units()
    people = load_people(units, municipalities)
    experts = load_experts(units)
    west, borås = load_arenas(municipalities, regional_bodies)
    load_accounts(west, borås, people, municipalities)
    load_demo_expert_profile(people["p-029"])
    load_contacts(people, experts, municipalities)
    load_likely_duplicate(units)
    load_offerings(units, experts)
    load_collaborations(experts)
