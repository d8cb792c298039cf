"""Every new arena starts with the default need workflow."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from samverkan.arenas.models import Arena

from .workflow import ensure_default_states


@receiver(post_save, sender=Arena, dispatch_uid="needs_default_states")
def give_new_arenas_the_default_states(sender, instance: Arena, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        ensure_default_states(instance)
