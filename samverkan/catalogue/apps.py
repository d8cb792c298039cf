from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "samverkan.catalogue"
    label = "catalogue"
    verbose_name = _("Collaboration catalogue")

    def ready(self) -> None:
        from samverkan.kernel.exporting import register_exporter
        from samverkan.kernel.importing import register_importer

        from . import importers
        from .pickers import register_pickers
        from .search_sources import register_sources

        register_sources()
        register_pickers()
        register_importer(importers.OfferingImporter)
        register_exporter("offerings", importers.offering_rows)
