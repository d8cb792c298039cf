from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "samverkan.needs"
    verbose_name = _("Needs")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, signals  # noqa: F401
        from .jobs import register_jobs
        from .search_sources import register_sources
        from .timeline import register_timeline

        register_jobs()
        register_sources()
        register_timeline()

        auditlog.register(models.Need, m2m_fields={"goals", "forms"})
        auditlog.register(models.NeedState)
        auditlog.register(models.NeedMatch)
