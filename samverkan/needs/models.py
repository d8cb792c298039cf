"""Needs: what a municipality or another partner asks for help with, from the first words to an
outcome.

A need has two kinds of position. Its ``status`` is the life cycle of the submission itself (a
draft being written, sent but waiting for the e-mail to be confirmed, open). Once open it moves
through its arena's configurable :class:`NeedState`\\s, which coordinators set; the submitter
sees the state only when it is public, otherwise the last public one before it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.arenas.models import Arena, hex_colour
from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration
from samverkan.directory.models import Organization, Person
from samverkan.kernel.searchable import Result
from samverkan.kernel.translation import active_language, localized
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

MAX_TEXT = 5000


class Outcome(models.TextChoices):
    NONE = "", _("Still open")
    COLLABORATION = "collaboration", _("Became a collaboration")
    CLOSED = "closed", _("Closed without collaboration")


class MovesOn(models.TextChoices):
    """The coordinator's actions that move a need to a state by themselves."""

    NEVER = "", _("Only by hand")
    ACCEPTED = "accepted", _("When a person is chosen")
    CONTACTED = "contacted", _("When a person is contacted or put in touch")


class NeedState(models.Model):
    """A step of an arena's workflow. Every arena gets the default steps; its admins rename,
    recolour, reorder and add to them."""

    arena = models.ForeignKey(
        Arena, on_delete=models.CASCADE, related_name="need_states", verbose_name=_("arena")
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    colour = models.CharField(_("colour"), max_length=7, default="#5b6770", validators=[hex_colour])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_public = models.BooleanField(
        _("shown to the submitter"),
        default=True,
        help_text=_("When not, the submitter sees the last shown state before this one."),
    )
    is_terminal = models.BooleanField(_("closes the need"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    moves_on = models.CharField(
        _("moves here by itself"),
        max_length=12,
        choices=MovesOn.choices,
        blank=True,
        help_text=_("Only forward: a need in a later state stays where it is."),
    )

    class Meta:
        ordering = ["arena", "position", "pk"]
        verbose_name = _("need state")
        verbose_name_plural = _("need states")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    OPEN = "open", _("Sent")


class Timeframe(models.TextChoices):
    SOON = "soon", _("As soon as possible")
    HALF_YEAR = "half_year", _("Within six months")
    YEAR = "year", _("Within a year")
    LATER = "later", _("Later, we are planning ahead")
    UNKNOWN = "unknown", _("Don't know yet")


class Notify(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, for every change")
    DAILY = "daily", _("Once a day, a summary")


class Need(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    arena = models.ForeignKey(
        Arena, on_delete=models.PROTECT, related_name="needs", verbose_name=_("arena")
    )
    title = models.CharField(_("headline"), max_length=150)
    text = models.TextField(_("the need in your own words"), max_length=MAX_TEXT)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("organisation"),
    )
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("municipality"),
    )
    forms = models.ManyToManyField(
        CollaborationForm, blank=True, related_name="needs", verbose_name=_("kinds of help")
    )
    forms_unknown = models.BooleanField(_("don't know what kind of help"), default=False)
    timeframe = models.CharField(
        _("when"), max_length=20, choices=Timeframe.choices, default=Timeframe.UNKNOWN
    )
    contact_name = models.CharField(_("your name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("your e-mail"), blank=True)
    contact_phone = models.CharField(_("your phone"), max_length=40, blank=True)
    contact_role = models.CharField(_("your role"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    is_public = models.BooleanField(_("public challenge"), default=False)
    notify = models.CharField(
        _("e-mail about changes"), max_length=10, choices=Notify.choices, default=Notify.IMMEDIATE
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="needs", verbose_name=_("goals"))
    suggested_goals = models.JSONField(_("suggested goals"), default=list, blank=True)
    # The draft's ranking, with the key of what it was ranked from (``services.draft_suggestions``):
    # the check page and sending use the same one. Emptied once the need is open.
    suggestions = models.JSONField(default=dict, blank=True, editable=False)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_needs",
        verbose_name=_("submitted by"),
    )
    status = models.CharField(
        _("submission"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    state = models.ForeignKey(
        NeedState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("state"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_needs",
        verbose_name=_("coordinator"),
    )
    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="origin_need",
        verbose_name=_("collaboration"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_public_update_at = models.DateTimeField(_("last update to the submitter"), null=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The latest news a coordinator should look at (an expert who is interested, a reply from the
    # submitter): marked in the inbox and on the board until the coordinator opens the need.
    attention_at = models.DateTimeField(null=True, blank=True, editable=False)
    attention = models.CharField(max_length=12, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "arena", "state"])]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = next_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", kwargs={"reference": self.reference})

    @property
    def asker(self) -> str:
        """Who is asking, as the submitter wrote it or as the directory knows it."""
        if self.organization_id:
            return str(self.organization)
        return self.organization_name or (str(self.municipality) if self.municipality else "")

    @property
    def is_closed(self) -> bool:
        return bool(self.state and self.state.is_terminal)


def next_reference() -> str:
    """B-<year>-<number>: short enough to read out on the phone, unique per year."""
    year = timezone.localdate().year
    prefix = f"B-{year}-"
    last = (
        Need.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Sent")
    CONFIRMED = "confirmed", _("E-mail confirmed")
    STATE = "state", _("State changed")
    ASSIGNED = "assigned", _("Coordinator assigned")
    NOTE = "note", _("Internal note")
    UPDATE = "update", _("Update")
    MATCH = "match", _("Suggestion decided")
    CONTACTED = "contacted", _("Contacted")
    RESPONSE = "response", _("Answer")
    CLOSED = "closed", _("Closed")
    INTRODUCED = "introduced", _("Put in touch")
    REPLY = "reply", _("Reply from the submitter")


class Attention(models.TextChoices):
    INTERESTED = "interested", _("Someone is interested")
    REPLY = "reply", _("New reply from the submitter")


class NeedSeen(models.Model):
    """When a coordinator last opened a need: news after that is marked in their inbox."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="seen_by")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seen_needs"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "user"], name="need_seen_unique")]

    def __str__(self) -> str:
        return f"{self.need_id} {self.user_id} {self.seen_at:%Y-%m-%d %H:%M}"


class NeedEvent(models.Model):
    """One line of a need's history. Internal notes and everything not marked public never reach
    the submitter, the public or a non-coordinator."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    state = models.ForeignKey(NeedState, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["need", "created_at"])]
        verbose_name = _("need event")
        verbose_name_plural = _("need events")

    def __str__(self) -> str:
        return f"{self.need.reference} {self.kind}"


class Decision(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Response(models.TextChoices):
    NONE = "", _("No answer yet")
    INTERESTED = "interested", _("Interested")
    NOT_FOR_ME = "not_for_me", _("Not for me")


class NeedMatch(models.Model):
    """A person, offering or earlier collaboration suggested for a need (by the matching engine
    or by hand), the coordinator's decision and the answer of the person contacted. Decisions and
    answers are kept as feedback for the ranking."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    # In Swedish and in English (empty: the Swedish one serves both), as the index had them.
    subtitle = models.CharField(max_length=300, blank=True)
    subtitle_en = models.CharField(max_length=300, blank=True, default="")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="need_matches"
    )
    score = models.FloatField(default=0.0)
    explanation = models.TextField(blank=True)
    # What the engine found in common (topic, goals, forms, same county), so the explanation is
    # written again in each reader's language; ``explanation`` keeps the words first shown.
    reasons = models.JSONField(default=dict, blank=True)
    added_by_hand = models.BooleanField(default=False)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    contacted_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)
    response_comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "kind", "object_id"], name="need_match_unique")
        ]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return f"{self.need.reference} → {self.title}"

    @property
    def localized_subtitle(self) -> str:
        """The subtitle in the reader's language (the Swedish one when there is no English one)."""
        return (active_language() == "en" and self.subtitle_en) or self.subtitle

    @property
    def reason(self) -> str:
        """Why it was suggested, in the reader's language (the stored words for hand-picked
        people and for suggestions stored before the reasons were)."""
        if not self.reasons:
            return self.explanation
        return Result(
            self.kind,
            self.object_id,
            "",
            self.title,
            self.localized_subtitle,
            self.score,
            goals=self.reasons.get("goals", []),
            forms=self.reasons.get("forms", []),
            same_region=self.reasons.get("same_region", False),
            topic=self.reasons.get("topic", []),
        ).explanation


class SavedView(models.Model):
    """A coordinator's named set of inbox filters."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_need_views"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=500)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
