"""Queue index updates whenever something that is searched changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from samverkan.catalogue.models import Offering
from samverkan.collaborations.models import Collaboration, CollaborationParty
from samverkan.directory.models import Affiliation, ExpertProfile, Organization, Person

from .indexing import schedule
from .models import Kind


@receiver([post_save, post_delete], sender=ExpertProfile)
def expert_changed(sender: type, instance: ExpertProfile, **kwargs: object) -> None:
    schedule(Kind.EXPERT, [instance.pk])


@receiver(m2m_changed, sender=ExpertProfile.goals.through)
@receiver(m2m_changed, sender=ExpertProfile.forms.through)
def expert_links_changed(sender: type, instance: object, action: str, **kwargs: object) -> None:
    if action.startswith("post_") and isinstance(instance, ExpertProfile):
        schedule(Kind.EXPERT, [instance.pk])


def _profiles_of(person_ids: list[int]) -> list[int]:
    return list(ExpertProfile.objects.filter(person__in=person_ids).values_list("pk", flat=True))


@receiver(post_save, sender=Person)
def person_changed(sender: type, instance: Person, **kwargs: object) -> None:
    schedule(Kind.EXPERT, _profiles_of([instance.pk]))


@receiver([post_save, post_delete], sender=Affiliation)
def affiliation_changed(sender: type, instance: Affiliation, **kwargs: object) -> None:
    schedule(Kind.EXPERT, _profiles_of([instance.person_id]))


@receiver([post_save, post_delete], sender=Organization)
def organization_changed(sender: type, instance: Organization, **kwargs: object) -> None:
    schedule(Kind.ORGANIZATION, [instance.pk])
    if kwargs.get("signal") is post_save and not kwargs.get("created"):
        people = Affiliation.objects.filter(organization=instance).values_list("person", flat=True)
        schedule(Kind.EXPERT, _profiles_of(list(people)))


@receiver([post_save, post_delete], sender=Offering)
def offering_changed(sender: type, instance: Offering, **kwargs: object) -> None:
    schedule(Kind.OFFERING, [instance.pk])


@receiver(m2m_changed, sender=Offering.goals.through)
def offering_goals_changed(sender: type, instance: object, action: str, **kwargs: object) -> None:
    if action.startswith("post_") and isinstance(instance, Offering):
        schedule(Kind.OFFERING, [instance.pk])


@receiver([post_save, post_delete], sender=Collaboration)
def collaboration_changed(sender: type, instance: Collaboration, **kwargs: object) -> None:
    schedule(Kind.COLLABORATION, [instance.pk])


@receiver(m2m_changed, sender=Collaboration.goals.through)
def collaboration_goals_changed(
    sender: type, instance: object, action: str, **kwargs: object
) -> None:
    if action.startswith("post_") and isinstance(instance, Collaboration):
        schedule(Kind.COLLABORATION, [instance.pk])


@receiver([post_save, post_delete], sender=CollaborationParty)
def party_changed(sender: type, instance: CollaborationParty, **kwargs: object) -> None:
    schedule(Kind.COLLABORATION, [instance.collaboration_id])
