from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The toolkit every app builds on (text, translation, rich text, import and export, template
    components); it imports no domain app."""

    name = "samverkan.kernel"
    label = "kernel"
    verbose_name = _("Toolkit")
