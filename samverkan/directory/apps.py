from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "samverkan.directory"
    label = "directory"
    verbose_name = _("Organisations and people")
