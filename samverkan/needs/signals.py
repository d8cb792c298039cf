"""Every new arena starts with the default need workflow; open challenges follow their needs
into the search index."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from samverkan.arenas.models import Arena
from samverkan.matching.indexing import schedule
from samverkan.matching.models import Kind

from .models import Need
from .workflow import ensure_default_states


@receiver(post_save, sender=Arena, dispatch_uid="needs_default_states")
def give_new_arenas_the_default_states(sender, instance: Arena, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        ensure_default_states(instance)


@receiver([post_save, post_delete], sender=Need, dispatch_uid="needs_index")
def need_changed(sender: type, instance: Need, **kwargs: object) -> None:
    schedule(Kind.NEED, [instance.pk])


@receiver(m2m_changed, sender=Need.goals.through, dispatch_uid="needs_goals_index")
@receiver(m2m_changed, sender=Need.forms.through, dispatch_uid="needs_forms_index")
def need_links_changed(sender: type, instance: object, action: str, **kwargs: object) -> None:
    if action.startswith("post_") and isinstance(instance, Need):
        schedule(Kind.NEED, [instance.pk])
