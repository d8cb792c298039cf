"""Minutes and follow-up actions of an activity, and the reminders about them.

Every write of minutes and actions goes through these functions, from the pages, the API and the
demo. Only the arena's coordinators write them (``services.can_manage``), and only once the
activity has started: minutes of a meeting that has not begun would be guesses.

The reminders run as a daily job (``jobs.py``) and each is sent exactly once: a conditional
``UPDATE`` claims it (``minutes_reminded_at`` still empty; ``reminded_for`` not yet this due
date) in the transaction that enqueues its e-mail, so two workers never both send it and a
failure sends nothing and claims nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.directory.models import Person
from samverkan.kernel.mail import absolute, send_templated
from samverkan.kernel.richtext import as_stored

from .models import Action, ActionStatus, Activity, Minutes, Status
from .services import TEXT_LIMIT, can_manage, lock_activity

MINUTES_TEXTS = ("discussion_sv", "discussion_en", "decisions_sv", "decisions_en")
OTHERS_LIMIT = 5_000  # characters of the list of participants not in the directory
ACTION_LIMIT = 500  # characters of an action (the column's length)
UNFINISHED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
# An activity that ended this long before its reminder fell due (history just imported, an
# installation switched on late) gets none: a reminder about a meeting months ago helps nobody.
MINUTES_REMINDER_WINDOW = timedelta(days=30)


def _too_long(limit: int) -> list[str]:
    return [_("Write at most %(limit)s characters.") % {"limit": f"{limit:,}"}]


@dataclass
class MinutesData:
    """What the minutes say, parsed from a form or an API body."""

    attendees: list[Person] = field(default_factory=list)
    other_attendees: str = ""
    discussion_sv: str = ""
    discussion_en: str = ""
    decisions_sv: str = ""
    decisions_en: str = ""

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for name in MINUTES_TEXTS:
            if len(getattr(self, name)) > TEXT_LIMIT:
                errors[name] = _too_long(TEXT_LIMIT)
        if len(self.other_attendees) > OTHERS_LIMIT:
            errors["other_attendees"] = _too_long(OTHERS_LIMIT)
        return errors


@dataclass
class ActionData:
    """What a follow-up action says: what, who, by when and how far it has come."""

    text: str
    owner: Person
    due_date: date
    status: str = ActionStatus.OPEN

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not self.text.strip():
            errors["text"] = [_("Write what is to be done.")]
        elif len(self.text.strip()) > ACTION_LIMIT:
            errors["text"] = _too_long(ACTION_LIMIT)
        if self.status not in ActionStatus.values:
            errors["status"] = [_("Choose one of the statuses.")]
        return errors


def can_follow_up(activity: Activity) -> bool:
    """Minutes and actions are written once the activity has started, unless it was cancelled."""
    return activity.status != Status.CANCELLED and activity.starts_at <= timezone.now()


def _check(actor: User | None, activity: Activity) -> None:
    if not can_manage(actor, activity.arena):
        raise PermissionDenied(_("Only the arena's coordinators write minutes and actions."))
    if activity.status == Status.CANCELLED:
        raise ValidationError(_("A cancelled activity has no minutes or actions."))
    if activity.starts_at > timezone.now():
        raise ValidationError(_("Minutes and actions can be written once the activity starts."))


@transaction.atomic
def minutes_save(actor: User | None, activity: Activity, data: MinutesData) -> Minutes:
    """Write the minutes, or change them; the activity's row is locked so that two coordinators
    saving at once do not both create them."""
    _check(actor, activity)
    if errors := data.errors():
        raise ValidationError(errors)
    lock_activity(activity)
    minutes = Minutes.objects.filter(activity=activity).first() or Minutes(activity=activity)
    minutes.other_attendees = "\n".join(
        line.strip() for line in data.other_attendees.splitlines() if line.strip()
    )
    for name in MINUTES_TEXTS:
        setattr(minutes, name, as_stored(Minutes, name, getattr(data, name)))
    if actor is not None:
        minutes.written_by = actor
    minutes.save()
    minutes.attendees.set(data.attendees)
    return minutes


@transaction.atomic
def action_save(
    actor: User | None, activity: Activity, data: ActionData, action: Action | None = None
) -> Action:
    """Add a follow-up action to ``activity`` or change ``action``. A new due date brings a new
    reminder; the old one is not sent again."""
    _check(actor, activity)
    if action is not None and action.activity_id != activity.pk:
        raise ValidationError(_("That action belongs to another activity."))
    if errors := data.errors():
        raise ValidationError(errors)
    action = action or Action(activity=activity)
    action.text = data.text.strip()
    action.owner = data.owner
    action.due_date = data.due_date
    action.status = data.status
    action.save()
    return action


@transaction.atomic
def action_set_status(actor: User | None, action: Action, status: str) -> Action:
    if not can_manage(actor, action.activity.arena):
        raise PermissionDenied(_("Only the arena's coordinators write minutes and actions."))
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose one of the statuses.")]})
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return action


def minutes_due(now: datetime) -> QuerySet[Activity]:
    """Ended activities, held or planned, still without minutes and not yet reminded of them."""
    due = now - timedelta(days=settings.SAMVERKAN_MINUTES_REMINDER_DAYS)
    return Activity.objects.filter(
        ends_at__lte=due,
        ends_at__gt=due - MINUTES_REMINDER_WINDOW,
        minutes__isnull=True,
        minutes_reminded_at__isnull=True,
    ).exclude(status=Status.CANCELLED)


def organisers(activity: Activity) -> list[str]:
    """Who plans the activity: whoever created it, or else the arena's coordinators."""
    creator = activity.created_by
    if creator is not None and creator.is_active and creator.email:
        return [creator.email]
    return sorted(
        activity.arena.coordinators.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def remind_missing_minutes(now: datetime | None = None) -> int:
    """E-mail the organisers of each activity whose minutes are missing; returns how many
    activities. Each is claimed by its own conditional update, with its e-mail."""
    now = now or timezone.now()
    reminded = 0
    for activity in minutes_due(now).select_related("arena", "created_by"):
        with transaction.atomic():
            claimed = Activity.objects.filter(
                pk=activity.pk, minutes_reminded_at__isnull=True, minutes__isnull=True
            ).update(minutes_reminded_at=now)
            if not claimed:
                continue
            url = absolute(activity.get_absolute_url())
            for email in organisers(activity):
                send_templated(
                    "activities/email/minutes_missing", email, {"activity": activity, "url": url}
                )
            reminded += 1
    return reminded


def actions_due(today: date) -> QuerySet[Action]:
    """Unfinished actions due within the reminder's days, whose owner has an address and has
    not been reminded of this due date."""
    return (
        Action.objects.filter(
            status__in=UNFINISHED,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=settings.SAMVERKAN_ACTION_REMINDER_DAYS),
        )
        .exclude(owner__email="")
        .exclude(reminded_for=F("due_date"))
    )


def remind_action_owners(today: date | None = None) -> int:
    """E-mail each owner whose action falls due soon; returns how many actions."""
    today = today or timezone.localdate()
    reminded = 0
    for action in actions_due(today).select_related("owner", "activity"):
        with transaction.atomic():
            claimed = (
                Action.objects.filter(pk=action.pk, due_date=action.due_date, status__in=UNFINISHED)
                .exclude(reminded_for=action.due_date)
                .update(reminded_for=action.due_date)
            )
            if not claimed:
                continue
            send_templated(
                "activities/email/action_due",
                action.owner.email,
                {
                    "action": action,
                    "activity": action.activity,
                    "owner": action.owner,
                    "url": absolute(action.activity.get_absolute_url()),
                },
            )
            reminded += 1
    return reminded
