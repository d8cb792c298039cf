from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "samverkan.collaborations"
    label = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from samverkan.kernel.exporting import register_exporter
        from samverkan.kernel.importing import register_importer

        from . import importers, models
        from .search_sources import register_sources
        from .timeline import register_timeline

        register_sources()
        register_timeline()
        register_importer(importers.CollaborationImporter)
        register_exporter("collaborations", importers.collaboration_rows)

        auditlog.register(models.Collaboration, m2m_fields={"goals", "people"})
        auditlog.register(models.CollaborationParty)
