from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "samverkan.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Activity, m2m_fields={"organizations", "people", "goals"})
        auditlog.register(models.Registration)
