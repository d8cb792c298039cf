"""The demo data set: real West Swedish organisations, two arenas, fictional people and one
account per role. Each domain loads its own part from its ``demo_data`` (``<app>/demo.py``); this
runs them in order. Loading it again updates what is there instead of duplicating it."""

from django.db import transaction

from samverkan.accounts.models import User
from samverkan.activities.demo import load_activities
from samverkan.activities.models import Activity
from samverkan.arenas.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_accounts, load_arenas
from samverkan.arenas.models import Arena
from samverkan.catalogue.demo import load_offerings
from samverkan.catalogue.models import Offering
from samverkan.collaborations.demo import load_collaborations
from samverkan.collaborations.models import Collaboration
from samverkan.directory.demo import load_directory
from samverkan.directory.models import ContactAssignment, ExpertProfile, Organization, Person
from samverkan.directory.services import deferred_search_updates, refresh_search_documents
from samverkan.places.models import Municipality

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "load_demo"]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load everything, then compute every person's search terms once at the end."""
    with deferred_search_updates():
        load_directory()
        load_arenas()
        load_accounts()
        load_offerings()
        load_collaborations()
        load_activities()
    refresh_search_documents(list(Person.objects.values_list("pk", flat=True)))
    return {
        "organisations": Organization.objects.count(),
        "people": Person.objects.count(),
        "expert profiles": ExpertProfile.objects.count(),
        "designated contacts": ContactAssignment.objects.count(),
        "offerings": Offering.objects.count(),
        "collaborations": Collaboration.objects.count(),
        "activities": Activity.objects.count(),
        "arenas": Arena.objects.count(),
        "accounts": User.objects.count(),
        "municipalities": Municipality.objects.count(),
    }
