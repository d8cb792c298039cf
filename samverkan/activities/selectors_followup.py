"""What the minutes and follow-up actions pages and the API read."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from samverkan.accounts.roles import coordinated_arena_ids, is_system_admin
from samverkan.directory.visibility import AnyUser

from .followup import UNFINISHED, can_follow_up
from .models import Action, ActionStatus, Activity, Minutes
from .services import can_manage


@dataclass(frozen=True)
class FollowUp:
    """An activity's minutes (``None`` while unwritten) and its actions, soonest due first;
    ``can_write``: whether they may be written yet (see ``followup.can_follow_up``)."""

    minutes: Minutes | None
    actions: list[Action]
    can_write: bool
    today: date
    statuses = ActionStatus.choices


def minutes_of(activity: Activity) -> Minutes | None:
    return (
        Minutes.objects.filter(activity=activity)
        .select_related("written_by")
        .prefetch_related("attendees")
        .first()
    )


def actions_of(activity: Activity) -> QuerySet[Action]:
    return activity.actions.select_related("owner").order_by("due_date", "pk")


def activity_followup(activity: Activity) -> FollowUp:
    """Three queries, however long the minutes and the list of actions."""
    return FollowUp(
        minutes_of(activity),
        list(actions_of(activity)),
        can_follow_up(activity),
        timezone.localdate(),
    )


def coordinated_actions(user: AnyUser, status: str = "", overdue: bool = False) -> QuerySet[Action]:
    """The actions of the arenas ``user`` coordinates (every arena's for a system admin): the
    unfinished ones unless ``status`` asks for one status; ``overdue``: due before today."""
    actions = Action.objects.select_related("owner", "activity__arena")
    if not is_system_admin(user):
        actions = actions.filter(activity__arena__in=coordinated_arena_ids(user))
    actions = actions.filter(status=status) if status else actions.filter(status__in=UNFINISHED)
    if overdue:
        actions = actions.filter(due_date__lt=timezone.localdate())
    return actions.order_by("due_date", "pk")


def followup_for(user: AnyUser, activity: Activity) -> FollowUp | None:
    """What the activity page shows of the follow-up: everything to the arena's coordinators,
    nothing to anyone else (minutes name who attended and hold internal decisions)."""
    if not user.is_authenticated or not can_manage(user, activity.arena):
        return None
    return activity_followup(activity)
