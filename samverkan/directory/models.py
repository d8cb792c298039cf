"""Organisations (with their units), people and the affiliations between them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.text import normalised_name
from samverkan.kernel.translation import localized
from samverkan.places.models import County, MunicipalAssociation, Municipality


def period_in_order(name: str) -> models.CheckConstraint:
    """A period (``start_date``, ``end_date``, either open) must not end before it starts."""
    return models.CheckConstraint(
        condition=models.Q(end_date__isnull=True)
        | models.Q(start_date__isnull=True)
        | models.Q(end_date__gte=models.F("start_date")),
        name=name,
    )


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("Higher education institution")
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    COUNTY_BOARD = "county_board", _("County administrative board")
    ASSOCIATION = "association", _("Association of local authorities")
    COMPANY = "company", _("Company")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    SCIENCE_PARK = "science_park", _("Science park")
    OTHER = "other", _("Other")


class UnitType(models.TextChoices):
    FACULTY = "faculty", _("Faculty")
    SCHOOL = "school", _("School")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other unit")


class HigherEducationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    UNIVERSITY_COLLEGE = "university_college", _("University college")
    ARTS_COLLEGE = "arts_college", _("University college of the arts")


class Organization(models.Model):
    """An organisation or one of its units. A unit has a parent and inherits the parent's kind;
    a municipality's organisation links to its :class:`Municipality`."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
    )
    unit_type = models.CharField(
        _("type of unit"), max_length=30, choices=UnitType.choices, blank=True
    )
    is_collaboration_office = models.BooleanField(
        _("collaboration office"),
        default=False,
        help_text=_("The unit to contact when no named person is designated."),
    )
    higher_education_kind = models.CharField(
        _("type of institution"), max_length=30, choices=HigherEducationKind.choices, blank=True
    )
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organization",
        verbose_name=_("municipality"),
    )
    association = models.OneToOneField(
        MunicipalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organization",
        verbose_name=_("municipal association"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("county"),
    )
    organization_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    seat = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seated_organizations",
        verbose_name=_("located in"),
        help_text=_("The municipality of the main office or campus."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(Lower("name_sv"), name="organization_name_lower")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="organization_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_unit(self) -> bool:
        return self.parent_id is not None

    @property
    def top(self) -> "Organization":
        """The organisation a unit belongs to in the end (the university of a department); the
        organisation itself when it is no unit. Select ``parent__parent`` to read it without
        a query for each level."""
        organization = self
        while organization.parent_id is not None:
            organization = organization.parent
        return organization

    @property
    def name_with_top(self) -> str:
        """ "Institutionen för hälsovetenskap, Högskolan i Borås": a unit is never shown without
        the university (or municipality) it belongs to."""
        top = self.top
        return self.name if top.pk == self.pk else f"{self.name}, {top.name}"


class Person(models.Model):
    """A person known to the platform, whether or not they have an account."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    orcid = models.CharField(_("ORCID"), max_length=19, blank=True)
    website = models.URLField(_("website"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="people"
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    name_key = models.CharField(
        max_length=201,
        editable=False,
        db_index=True,
        default="",
        help_text="The name folded for comparison (case, accents, hyphens), to find duplicates.",
    )
    search_document = models.TextField(
        editable=False,
        blank=True,
        default="",
        help_text="Normalised search terms per field, kept up to date by directory.search.",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(Lower("email"), name="person_email_lower")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="person_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep the comparison keys current: the folded name and a lower-case e-mail address."""
        self.name_key = normalised_name(self.full_name)
        self.email = self.email.strip().lower()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:person", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Affiliation(models.Model):
    """A person's role at an organisation or unit, for a period."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation or unit"),
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [period_in_order("affiliation_period_in_order")]

    def __str__(self) -> str:
        return f"{self.person}, {self.organization}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available for new collaboration")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Not available at the moment")


class Visibility(models.TextChoices):
    """Who may see an expert profile. A public profile also needs the person's recorded consent;
    without it the profile is shown as if it were for members."""

    PUBLIC = "public", _("Everyone (needs the person's consent)")
    MEMBERS = "members", _("Logged-in users")
    COORDINATORS = "coordinators", _("Coordinators only")


class ExpertProfile(models.Model):
    """What a researcher or teacher knows and offers, for municipalities to find."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="profile", verbose_name=_("person")
    )
    expertise_sv = models.TextField(_("expertise (Swedish)"), blank=True)
    expertise_en = models.TextField(_("expertise (English)"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    goals = models.ManyToManyField(
        "sdg.Goal", blank=True, related_name="expert_profiles", verbose_name=_("Global Goals")
    )
    forms = models.ManyToManyField(
        "catalogue.CollaborationForm",
        blank=True,
        related_name="expert_profiles",
        verbose_name=_("forms of collaboration offered"),
    )
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default="available"
    )
    availability_note = models.CharField(_("about availability"), max_length=200, blank=True)
    visibility = models.CharField(
        _("who may see the profile"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    consent_at = models.DateTimeField(_("consent to publication given"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def expertise(self) -> str:
        return localized(self, "expertise")

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.consent_at is not None


class ContactRole(models.TextChoices):
    CONTACT = "contact", _("Contact person")
    UNIVERSITY_COORDINATOR = "university_coordinator", _("University coordinator")
    COLLABORATION_COORDINATOR = "collaboration_coordinator", _("Collaboration coordinator")
    ARENA_CONTACT = "arena_contact", _("Arena contact")


class ContactAssignment(models.Model):
    """Who is the contact between two organisations: ``person`` represents ``organization``
    (say a university) towards ``counterpart`` (a municipality or an association of
    municipalities). A municipality's own university coordinator has no counterpart: they are
    the contact towards every university."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="contact_assignments",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="contact_assignments",
        verbose_name=_("represents"),
    )
    counterpart = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assigned_contacts",
        verbose_name=_("contact for"),
    )
    role = models.CharField(_("role"), max_length=30, choices=ContactRole.choices)
    arena = models.ForeignKey(
        "arenas.Arena",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_assignments",
        verbose_name=_("arena"),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organization__name_sv", "person__last_name"]
        verbose_name = _("designated contact")
        verbose_name_plural = _("designated contacts")
        constraints = [period_in_order("contact_period_in_order")]

    def __str__(self) -> str:
        counterpart = self.counterpart or _("all")
        return f"{self.person}: {self.get_role_display()}, {self.organization} → {counterpart}"
