"""Meetings and the network: municipal visits, workshops, network and partner-group meetings.

An activity has a kind (configurable per arena), a time in Europe/Stockholm stored as UTC, a
place (an address, an online link or both), the organisations and people involved and, when
registration is on, registrations with a capacity and a waiting list.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.kernel.richtext import RichTextField
from samverkan.kernel.translation import localized


class ActivityKind(models.Model):
    """Municipal visit, workshop, network meeting …; ``arena`` empty means every arena's."""

    slug = models.SlugField(_("slug"), max_length=60)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    arena = models.ForeignKey(
        "arenas.Arena",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_kinds",
        verbose_name=_("arena"),
    )
    is_visit = models.BooleanField(
        _("municipal visit"),
        default=False,
        help_text=_("Counts as a visit to the municipalities involved (last and next visit)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(arena=None), name="activity_kind_global_slug"
            ),
            models.UniqueConstraint(fields=["arena", "slug"], name="activity_kind_arena_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationMode(models.TextChoices):
    OFF = "off", _("No registration")
    OPEN = "open", _("Open to everyone")
    INVITATION = "invitation", _("By invitation")


class Activity(models.Model):
    title_sv = models.CharField(_("title (Swedish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_sv = RichTextField(_("description (Swedish)"), blank=True)
    description_en = RichTextField(_("description (English)"), blank=True)
    agenda_sv = RichTextField(_("agenda (Swedish)"), blank=True)
    agenda_en = RichTextField(_("agenda (English)"), blank=True)
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("kind")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    host = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="hosted_activities",
        verbose_name=_("host"),
    )
    arena = models.ForeignKey(
        "arenas.Arena",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("arena"),
    )
    organizations = models.ManyToManyField(
        "directory.Organization",
        blank=True,
        related_name="activities",
        verbose_name=_("organisations involved"),
    )
    people = models.ManyToManyField(
        "directory.Person",
        blank=True,
        related_name="activities",
        verbose_name=_("hosts and speakers"),
    )
    goals = models.ManyToManyField(
        "sdg.Goal", blank=True, related_name="activities", verbose_name=_("Global Goals")
    )
    needs = models.ManyToManyField(
        "needs.Need", blank=True, related_name="activities", verbose_name=_("needs")
    )
    collaborations = models.ManyToManyField(
        "collaborations.Collaboration",
        blank=True,
        related_name="activities",
        verbose_name=_("collaborations"),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Internal activities are seen by coordinators only.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    registration = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OFF,
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When all places are taken, later registrations wait for a place."),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised on every change, for calendar clients."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    minutes_reminded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the organiser was reminded that the minutes are missing: only once.",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="activity_capacity_positive",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="activity_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def agenda(self) -> str:
        return localized(self, "agenda")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person's place (or place in line) at an activity; with or without an account."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    dietary = models.CharField(_("dietary needs"), max_length=500, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # The services store e-mail addresses in lower case.
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=~models.Q(status="cancelled"),
                name="registration_one_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.activity}"


class Invitation(models.Model):
    """An invitation by e-mail to a directory person or an external address. Its signed link
    opens the registration form of an activity by invitation."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("activity")
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("person"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "email"], name="invitation_one_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email}, {self.activity}"


class Minutes(models.Model):
    """What an activity came to: who attended, what was discussed, what was decided."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("activity")
    )
    attendees = models.ManyToManyField(
        "directory.Person", blank=True, related_name="+", verbose_name=_("attended")
    )
    other_attendees = models.TextField(
        _("other participants"), blank=True, help_text=_("People not in the directory, one a line.")
    )
    discussion_sv = RichTextField(_("discussed (Swedish)"), blank=True)
    discussion_en = RichTextField(_("discussed (English)"), blank=True)
    decisions_sv = RichTextField(_("decisions (Swedish)"), blank=True)
    decisions_en = RichTextField(_("decisions (English)"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.activity)

    @property
    def discussion(self) -> str:
        return localized(self, "discussion")

    @property
    def decisions(self) -> str:
        return localized(self, "decisions")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up action", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("follow-up action", "In progress")
    DONE = "done", pgettext_lazy("follow-up action", "Done")
    DROPPED = "dropped", pgettext_lazy("follow-up action", "Dropped")


class Action(models.Model):
    """A follow-up action agreed at an activity: what, who, by when."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="actions", verbose_name=_("activity")
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        "directory.Person",
        on_delete=models.PROTECT,
        related_name="activity_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    reminded_for = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The due date the owner was last reminded of: one reminder per due date.",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.text

    @property
    def is_finished(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.DROPPED)


class PersonalFeed(models.Model):
    """A secret calendar address for one account: what it is registered for or organises. Only
    a hash of the secret is kept; revoking it makes the address answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
