from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "samverkan.matching"
    verbose_name = _("Matching and search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from samverkan.kernel.searchable import SearchEngine, documents_changed, install_engine

        from .goals import goal_names, goal_scores
        from .indexing import reindex_after_migrate, schedule_changed
        from .services import ranked
        from .vectorindex import configure, ensure_indexes

        connection_created.connect(configure, dispatch_uid="samverkan-pgvector-settings")
        post_migrate.connect(reindex_after_migrate, sender=self, dispatch_uid="samverkan-reindex")
        post_migrate.connect(ensure_indexes, sender=self, dispatch_uid="samverkan-hnsw-indexes")
        documents_changed.connect(schedule_changed, dispatch_uid="samverkan-index-changes")
        install_engine(SearchEngine(rank=ranked, suggest_goals=goal_scores, goal_names=goal_names))
