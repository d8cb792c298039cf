"""Arenas: the collaboration settings an installation serves, each with members and staff."""

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.directory.models import Organization
from samverkan.kernel.translation import localized

from .images import validate_logo

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give the colour as # followed by six hexadecimal digits.")
)


class Arena(models.Model):
    """A samverkansarena. Needs, activities and agreements belong to one arena; coordinators and
    admins are granted per arena."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    colour = models.CharField(
        _("accent colour"), max_length=7, default="#1e6b52", validators=[hex_colour]
    )
    logo = models.FileField(
        _("logo"),
        upload_to="arenas/logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"]), validate_logo],
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    host = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_arenas",
        verbose_name=_("host organisation"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_arenas",
        verbose_name=_("coordinators"),
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_arenas",
        verbose_name=_("administrators"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("arenas:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class ArenaMembership(models.Model):
    """An organisation's membership of an arena."""

    arena = models.ForeignKey(
        Arena, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("arena")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="arena_memberships",
        verbose_name=_("organisation"),
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        ordering = ["organization__name_sv"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["arena", "organization"], name="arena_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.arena}"
