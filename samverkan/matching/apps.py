from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "samverkan.matching"
    verbose_name = _("Matching and search")

    def ready(self) -> None:
        from . import signals  # noqa: F401
