"""The register of collaborations (kartläggning): what has been and is being done, by whom."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.richtext import RichTextField
from samverkan.kernel.translation import localized


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class Review(models.TextChoices):
    """Coordinators' entries are approved at once; partner users' proposals wait for review."""

    PROPOSED = "proposed", _("Proposed, waiting for review")
    APPROVED = "approved", _("Approved")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class Collaboration(models.Model):
    title_sv = models.CharField(_("title (Swedish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_sv = RichTextField(_("description (Swedish)"), blank=True)
    description_en = RichTextField(_("description (English)"), blank=True)
    form = models.ForeignKey(
        "catalogue.CollaborationForm",
        on_delete=models.PROTECT,
        related_name="collaborations",
        verbose_name=_("form of collaboration"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.APPROVED
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    funding_sv = models.CharField(_("funding (Swedish)"), max_length=250, blank=True)
    funding_en = models.CharField(_("funding (English)"), max_length=250, blank=True)
    outcomes_sv = RichTextField(_("outcomes and results (Swedish)"), blank=True)
    outcomes_en = RichTextField(_("outcomes and results (English)"), blank=True)
    goals = models.ManyToManyField(
        "sdg.Goal", blank=True, related_name="collaborations", verbose_name=_("Global Goals")
    )
    people = models.ManyToManyField(
        "directory.Person", blank=True, related_name="collaborations", verbose_name=_("people")
    )
    organizations = models.ManyToManyField(
        "directory.Organization", through="CollaborationParty", related_name="collaborations"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title_sv"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="collaboration_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaborations:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def funding(self) -> str:
        return localized(self, "funding")

    @property
    def outcomes(self) -> str:
        return localized(self, "outcomes")


class CollaborationParty(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="collaboration_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)

    class Meta:
        ordering = ["role", "organization__name_sv"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organization"], name="collaboration_party_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class CollaborationLink(models.Model):
    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title
