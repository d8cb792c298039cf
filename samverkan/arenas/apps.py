from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenasConfig(AppConfig):
    name = "samverkan.arenas"
    label = "arenas"
    verbose_name = _("Arenas")
