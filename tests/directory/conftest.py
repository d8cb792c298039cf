"""Small, explicit directory fixtures for tests that must not depend on the demo's details."""

from dataclasses import replace

import pytest

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import (
    Affiliation,
    ExpertProfile,
    Organization,
    OrganizationKind,
    Person,
    Visibility,
)
from samverkan.directory.services import ProfileData, profile_update
from samverkan.sdg.models import Goal


@pytest.fixture
def university(db) -> Organization:
    return Organization.objects.create(
        name_sv="Testhögskolan",
        name_en="Test University",
        slug="testhogskolan",
        kind=OrganizationKind.UNIVERSITY,
    )


def make_expert(
    university: Organization,
    first: str,
    last: str,
    *,
    visibility: str = Visibility.PUBLIC,
    consent: bool = True,
    expertise: str = "",
    keywords: list[str] | None = None,
    goals: list[int] | None = None,
    forms: list[str] | None = None,
    languages: list[str] | None = None,
) -> Person:
    person = Person.objects.create(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@test.example.se",
        phone="070-174 06 99",
        orcid="0000-0002-1825-0097",
    )
    Affiliation.objects.create(
        person=person, organization=university, title_sv="Universitetslektor", is_primary=True
    )
    data = ProfileData(
        expertise_sv=expertise,
        keywords=keywords or [],
        languages=languages or ["sv"],
        visibility=visibility,
        goals=list(Goal.objects.filter(number__in=goals or [])),
        forms=list(CollaborationForm.objects.filter(slug__in=forms or [])),
    )
    if data.errors(consent):
        # A state the profile rules refuse (public without consent), as data written past them
        # (older data, the admin) may hold: the visibility rules must still hide it.
        profile_update(None, person, replace(data, visibility=Visibility.MEMBERS), consent=consent)
        ExpertProfile.objects.filter(person=person).update(visibility=visibility)
    else:
        profile_update(None, person, data, consent=consent)
    return person


@pytest.fixture
def experts(university: Organization) -> dict[str, Person]:
    """One expert per visibility rule."""
    return {
        "public": make_expert(
            university,
            "Astrid",
            "Öppen",
            expertise="Jag forskar om personalomsättning i hemtjänsten.",
            keywords=["äldreomsorg", "arbetsmiljö"],
            goals=[3, 8],
            forms=["degree-project"],
            languages=["sv", "en"],
        ),
        "no_consent": make_expert(
            university,
            "Bertil",
            "Utan",
            consent=False,
            expertise="Jag forskar om äldreomsorg och välfärdsteknik.",
            keywords=["äldreomsorg"],
        ),
        "members": make_expert(
            university,
            "Cecilia",
            "Medlem",
            visibility=Visibility.MEMBERS,
            consent=False,
            expertise="Klimatanpassning och dagvatten.",
            keywords=["klimatanpassning"],
        ),
        "coordinators": make_expert(
            university,
            "David",
            "Dold",
            visibility=Visibility.COORDINATORS,
            consent=False,
            expertise="Skolutveckling och äldreomsorg.",
            keywords=["skola"],
        ),
    }
