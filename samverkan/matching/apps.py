from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "samverkan.matching"
    verbose_name = _("Matching and search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from .indexing import reindex_after_migrate
        from .vectorindex import configure

        connection_created.connect(configure, dispatch_uid="samverkan-pgvector-settings")
        post_migrate.connect(reindex_after_migrate, sender=self, dispatch_uid="samverkan-reindex")
