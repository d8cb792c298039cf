"""Keep people's search terms current whatever changed them: a form, an import or the admin."""

from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Affiliation, ExpertProfile, Organization, Person
from .services import (
    refresh_search_document,
    refresh_search_documents,
    search_updates_deferred,
)


@receiver(post_save, sender=Person)
def person_saved(sender: type, instance: Person, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not search_updates_deferred():
        refresh_search_document(instance)


@receiver(post_save, sender=ExpertProfile)
@receiver(post_save, sender=Affiliation)
@receiver(post_delete, sender=Affiliation)
def part_of_person_changed(
    sender: type, instance: ExpertProfile | Affiliation, raw: bool = False, **kwargs: Any
) -> None:
    if not raw and not search_updates_deferred():
        refresh_search_document(instance.person)


@receiver(post_save, sender=Organization)
def organization_renamed(
    sender: type, instance: Organization, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A renamed organisation renames the search terms of everybody affiliated with it."""
    if raw or created or search_updates_deferred():
        return
    people = Person.objects.filter(
        Q(affiliations__organization=instance) | Q(affiliations__organization__parent=instance)
    )
    refresh_search_documents(list(people.distinct().values_list("pk", flat=True)))
