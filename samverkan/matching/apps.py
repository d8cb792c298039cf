from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "samverkan.matching"
    verbose_name = _("Matching and search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals  # noqa: F401
        from .vectorindex import configure

        connection_created.connect(configure, dispatch_uid="samverkan-pgvector-settings")
