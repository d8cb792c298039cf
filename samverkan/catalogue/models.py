"""What universities and municipalities can do together: the forms of collaboration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.core.translation import localized


class CollaborationForm(models.Model):
    """A form of collaboration (degree project, commissioned education, ...). Experts say which
    forms they offer; later needs, offerings and collaborations are classified by form."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_sv = models.TextField(_("short description (Swedish)"))
    description_en = models.TextField(_("short description (English)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("form of collaboration")
        verbose_name_plural = _("forms of collaboration")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")
