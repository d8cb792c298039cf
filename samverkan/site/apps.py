from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top layer: pages composed from the domains, URL and API assembly, ``serve``, ``demo``."""

    name = "samverkan.site"
    label = "site"
    verbose_name = _("Site")
