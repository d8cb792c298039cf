"""What universities and municipalities can do together: the forms of collaboration."""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.richtext import RichTextField
from samverkan.kernel.translation import localized


class CollaborationForm(models.Model):
    """A form of collaboration (degree project, commissioned education, ...). Experts say which
    forms they offer; later needs, offerings and collaborations are classified by form."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_sv = models.TextField(_("short description (Swedish)"))
    description_en = models.TextField(_("short description (English)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    what_sv = RichTextField(_("what it is (Swedish)"), blank=True)
    what_en = RichTextField(_("what it is (English)"), blank=True)
    gives_sv = RichTextField(_("what it gives a municipality (Swedish)"), blank=True)
    gives_en = RichTextField(_("what it gives a municipality (English)"), blank=True)
    steps_sv = RichTextField(_("how to go about it (Swedish)"), blank=True)
    steps_en = RichTextField(_("how to go about it (English)"), blank=True)
    lead_time_sv = RichTextField(_("lead time (Swedish)"), blank=True)
    lead_time_en = RichTextField(_("lead time (English)"), blank=True)
    cost_sv = RichTextField(_("cost (Swedish)"), blank=True)
    cost_en = RichTextField(_("cost (English)"), blank=True)
    rules_sv = RichTextField(_("rules that apply (Swedish)"), blank=True)
    rules_en = RichTextField(_("rules that apply (English)"), blank=True)
    who_sv = RichTextField(_("who to ask (Swedish)"), blank=True)
    who_en = RichTextField(_("who to ask (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    GUIDE_SECTIONS = ("what", "gives", "steps", "lead_time", "cost", "rules", "who")

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("form of collaboration")
        verbose_name_plural = _("forms of collaboration")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:form", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    def guide(self) -> list[tuple[str, str]]:
        """The guide's sections in the reader's language: (section, rich text), filled ones only."""
        sections = ((name, localized(self, name)) for name in self.GUIDE_SECTIONS)
        return [(name, text) for name, text in sections if text]


class Audience(models.TextChoices):
    MUNICIPALITIES = "municipalities", _("Municipalities and other organisations")
    STUDENTS = "students", _("Students")
    EVERYONE = "everyone", _("Everyone")


DEGREE_PROJECT = "degree-project"
STUDENT_FORMS = (DEGREE_PROJECT, "student-project")


class Level(models.TextChoices):
    """The level of study a thesis topic or student project suits; a topic may suit several."""

    BACHELOR = "bachelor", _("Bachelor's level")
    MASTER = "master", _("Master's level")
    PHD = "phd", _("Doctoral level")


class Term(models.TextChoices):
    """When a topic starts: the spring (VT) or autumn (HT) term of the Swedish academic year, or
    the summer."""

    SPRING = "spring", _("Spring term")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn term")


TERM_WITH_YEAR = {
    Term.SPRING: _("Spring %(year)s"),
    Term.SUMMER: _("Summer %(year)s"),
    Term.AUTUMN: _("Autumn %(year)s"),
}


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class OfferingQuerySet(models.QuerySet["Offering"]):
    def public(self, on: date | None = None) -> "OfferingQuerySet":
        """Open and not expired. Expiry is a date comparison, so an offering leaves the public
        lists on the day after it expires without any job having to run."""
        on = on or timezone.localdate()
        return self.filter(status=OfferingStatus.OPEN).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )


class Offering(models.Model):
    """A concrete offer: a course, commissioned education, a testbed or a student project from a
    university, or a thesis topic, internship place or challenge from a municipality."""

    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_sv = RichTextField(_("description (Swedish)"))
    description_en = RichTextField(_("description (English)"), blank=True)
    form = models.ForeignKey(
        CollaborationForm,
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("form of collaboration"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="offerings",
        verbose_name=_("posted by"),
    )
    contact = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("contact person"),
    )
    audience = models.CharField(
        _("for"), max_length=20, choices=Audience.choices, default=Audience.MUNICIPALITIES
    )
    goals = models.ManyToManyField(
        "sdg.Goal", blank=True, related_name="offerings", verbose_name=_("Global Goals")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferingStatus.choices, default=OfferingStatus.DRAFT
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    expires_on = models.DateField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("After this day the offering is no longer shown in public lists."),
    )
    levels = models.JSONField(
        _("level"),
        default=list,
        blank=True,
        help_text=_("Required for degree projects. Choose every level the topic suits."),
    )
    subject_sv = models.CharField(
        _("subject area (Swedish)"),
        max_length=200,
        blank=True,
        help_text=_("For example: social work, civil engineering, public health."),
    )
    subject_en = models.CharField(_("subject area (English)"), max_length=200, blank=True)
    start_term = models.CharField(_("start term"), max_length=10, choices=Term.choices, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    how_to_apply_sv = RichTextField(
        _("how to apply (Swedish)"),
        blank=True,
        help_text=_("Required for degree projects: whom to write to, what to send and by when."),
    )
    how_to_apply_en = RichTextField(_("how to apply (English)"), blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "title_sv"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:offering", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def subject(self) -> str:
        return localized(self, "subject")

    @property
    def how_to_apply(self) -> str:
        return localized(self, "how_to_apply")

    @property
    def level_labels(self) -> list[str]:
        """The levels in their order (bachelor, master, doctoral), in the reader's language."""
        return [str(label) for value, label in Level.choices if value in self.levels]

    @property
    def start(self) -> str:
        """The start term with its year ("VT 2027", "Spring 2027"), or ``""`` when not given."""
        if not (self.start_term and self.start_year):
            return ""
        return str(TERM_WITH_YEAR[Term(self.start_term)]) % {"year": self.start_year}

    @property
    def is_public(self) -> bool:
        today = timezone.localdate()
        return self.status == OfferingStatus.OPEN and (
            self.expires_on is None or self.expires_on >= today
        )


class Interest(models.Model):
    """Someone wants to take an offering further; the poster and coordinators see it."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="interests", verbose_name=_("offering")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organization = models.CharField(_("organisation"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self) -> str:
        return f"{self.name} → {self.offering}"
