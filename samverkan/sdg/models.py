"""The 17 Sustainable Development Goals and their 169 targets, in Swedish and English."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.colour import readable_text_colour
from samverkan.kernel.translation import localized


class Dimension(models.TextChoices):
    """The three dimensions of sustainability; partnerships (goal 17) carry all three."""

    ECOLOGICAL = "ecological", _("Ecological")
    SOCIAL = "social", _("Social")
    ECONOMIC = "economic", _("Economic")
    CROSS_CUTTING = "cross-cutting", _("Cross-cutting")


class Goal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_sv = models.CharField(_("short title (Swedish)"), max_length=100)
    short_en = models.CharField(_("short title (English)"), max_length=100)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    colour = models.CharField(_("colour"), max_length=7)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)

    class Meta:
        ordering = ["number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.short}"

    def get_absolute_url(self) -> str:
        return reverse("sdg:goal", kwargs={"number": self.number})

    @property
    def short(self) -> str:
        return localized(self, "short")

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def text_colour(self) -> str:
        """The badge text colour: white or near-black, whichever reads better on the colour."""
        return readable_text_colour(self.colour)


class Target(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal")
    )
    code = models.CharField(_("code"), max_length=6, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Order across all goals.")
    )
    title_sv = models.TextField(_("text (Swedish)"))
    title_en = models.TextField(_("text (English)"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(self, "title")
