"""How import files name organisations and people, as field types the importers share: a
reference that names nothing is an error at its field, with the same words in every import."""

from typing import Annotated

from pydantic import AfterValidator, Field

from .selectors import find_organization, find_person


def _organization(value: str) -> str:
    if find_organization(value) is None:
        raise ValueError(f"no organisation called {value!r}")
    return value


def _organizations(value: list[str]) -> list[str]:
    for name in value:
        _organization(name)
    return value


def _person(value: str) -> str:
    if find_person(value) is None:
        raise ValueError(f"no person with external id or e-mail {value!r}")
    return value


def _optional_person(value: str) -> str:
    return value and _person(value)


def _people(value: list[str]) -> list[str]:
    for reference in value:
        _person(reference)
    return value


OrganizationReference = Annotated[
    str,
    AfterValidator(_organization),
    Field(description="external id, slug, name or short name of an organisation or unit"),
]
OrganizationReferences = Annotated[list[str], AfterValidator(_organizations)]
OptionalPersonReference = Annotated[
    str,
    AfterValidator(_optional_person),
    Field(description="external id or e-mail address of a person, or empty"),
]
PeopleReferences = Annotated[list[str], AfterValidator(_people)]
