from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "samverkan.directory"
    label = "directory"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from samverkan.kernel.exporting import register_exporter
        from samverkan.kernel.importing import register_importer

        from . import exporters, importers, models, signals  # noqa: F401
        from .pickers import register_pickers
        from .search_sources import register_sources
        from .timeline import register_timeline

        register_sources()
        register_timeline()
        register_pickers()
        register_importer(importers.OrganizationImporter)
        register_importer(importers.PersonImporter)
        register_importer(importers.ExpertImporter)
        register_exporter("organizations", exporters.organization_rows)
        register_exporter("people", exporters.person_rows)
        register_exporter("experts", exporters.expert_rows)

        auditlog.register(models.Organization)
        auditlog.register(models.Person, exclude_fields=["search_document"])
        auditlog.register(models.Affiliation)
        auditlog.register(models.ExpertProfile, m2m_fields={"goals", "forms"})
        auditlog.register(models.ContactAssignment)
