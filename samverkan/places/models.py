"""Counties, municipalities and municipal associations: reference data keyed by SCB codes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.translation import active_language

# Municipality names whose organisation name is not simply the genitive of the place name.
IRREGULAR_MUNICIPALITY_NAMES = {"Falun": "Falu kommun", "Gotland": "Region Gotland"}
NO_GENITIVE_S_ENDINGS = tuple("aeiouyåäösxz")


def municipality_organization_name(name: str) -> str:
    """The conventional Swedish name of the municipality as an organisation ("Borås kommun")."""
    if name in IRREGULAR_MUNICIPALITY_NAMES:
        return IRREGULAR_MUNICIPALITY_NAMES[name]
    genitive = name if name.lower().endswith(NO_GENITIVE_S_ENDINGS) else f"{name}s"
    return f"{genitive} kommun"


class County(models.Model):
    """A län; its code is SCB's two-digit county code."""

    code = models.CharField(_("SCB code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    geometry = models.JSONField(_("border"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the reader's language; ``name`` stays the Swedish one that search and the
        API's ``name`` rely on."""
        if active_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Municipality(models.Model):
    """A kommun; its code is SCB's four-digit municipality code, whose first two digits name the
    county."""

    code = models.CharField(_("SCB code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    geometry = models.JSONField(_("border"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:municipality", kwargs={"code": self.code})

    @property
    def organization_name(self) -> str:
        return municipality_organization_name(self.name)


class MunicipalAssociation(models.Model):
    """A kommunalförbund or other association of municipalities; members may span counties."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name=_("main county"),
        null=True,
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        Municipality, related_name="associations", verbose_name=_("member municipalities")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipal association")
        verbose_name_plural = _("municipal associations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:association", kwargs={"slug": self.slug})
