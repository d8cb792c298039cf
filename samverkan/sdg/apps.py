from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgConfig(AppConfig):
    name = "samverkan.sdg"
    label = "sdg"
    verbose_name = _("Agenda 2030")
