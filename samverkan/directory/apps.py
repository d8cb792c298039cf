from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "samverkan.directory"
    label = "directory"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, signals  # noqa: F401
        from .search_sources import register_sources

        register_sources()

        auditlog.register(models.Organization)
        auditlog.register(models.Person, exclude_fields=["search_document"])
        auditlog.register(models.Affiliation)
        auditlog.register(models.ExpertProfile, m2m_fields={"goals", "forms"})
        auditlog.register(models.ContactAssignment)
