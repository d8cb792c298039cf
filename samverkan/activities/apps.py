from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "samverkan.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .jobs import register_jobs

        register_jobs()

        from samverkan.kernel.exporting import register_exporter
        from samverkan.kernel.importing import register_importer

        from . import importers
        from .search_sources import register_sources
        from .timeline import register_timeline

        register_sources()
        register_timeline()
        register_importer(importers.ActivityImporter)
        register_exporter("activities", importers.activity_rows)

        auditlog.register(models.Activity, m2m_fields={"organizations", "people", "goals"})
        auditlog.register(models.Registration)
        auditlog.register(models.Minutes, m2m_fields={"attendees"})
        auditlog.register(models.Action)
