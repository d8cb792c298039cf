from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "samverkan.collaborations"
    label = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .search_sources import register_sources

        register_sources()

        auditlog.register(models.Collaboration, m2m_fields={"goals", "people"})
        auditlog.register(models.CollaborationParty)
