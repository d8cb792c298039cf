"""Choosing who posts an offering and its contact person, among what the user may post for."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.directory import pickers
from samverkan.directory.models import Person
from samverkan.directory.selectors import search_organizations
from samverkan.directory.visibility import AnyUser
from samverkan.kernel.picker import Picker, register_picker

from .permissions import posting_organizations


def offering_contacts(user: AnyUser) -> QuerySet[Person]:
    """People of the organisations and units the user may post for."""
    return Person.objects.filter(
        affiliations__organization__in=posting_organizations(user)
    ).distinct()


def register_pickers() -> None:
    register_picker(
        Picker(
            "offering-organizations",
            posting_organizations,
            search_organizations,
            pickers.describe_organization,
            pickers.prepare_organizations,
            _("Type the name of the organisation or unit, for example: vårdvetenskap."),
        )
    )
    register_picker(
        Picker(
            "offering-contacts",
            offering_contacts,
            pickers.search_people,
            pickers.describe_person,
            pickers.prepare_people,
            pickers.PERSON_HINT,
        )
    )
