from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "samverkan.catalogue"
    label = "catalogue"
    verbose_name = _("Collaboration catalogue")

    def ready(self) -> None:
        from .search_sources import register_sources

        register_sources()
