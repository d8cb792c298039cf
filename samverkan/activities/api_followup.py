"""Minutes and follow-up actions in the API, for the coordinators of the activity's arena: read
and write the minutes, list and add actions, change an action. Others get 403 (or 404 when they
do not see the activity at all)."""

from datetime import date, datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja import Status as Response
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from samverkan.directory.models import Person
from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination

from .followup import ACTION_LIMIT, OTHERS_LIMIT, ActionData, MinutesData, action_save, minutes_save
from .models import Action, ActionStatus, Activity, Minutes
from .selectors import visible_activities
from .selectors_followup import actions_of, minutes_of
from .services import TEXT_LIMIT, can_manage

router = Router(tags=["activities"])
ERRORS = {status: ErrorOut for status in (400, 401, 403, 404)}


class PersonRef(Schema):
    id: int
    name: str


class MinutesOut(Schema):
    activity: int
    attendees: list[PersonRef]
    other_attendees: list[str] = Field(description="people not in the directory, one an item")
    discussion_sv: str
    discussion_en: str
    decisions_sv: str
    decisions_en: str
    updated_at: datetime

    @staticmethod
    def resolve_activity(obj: Minutes) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_attendees(obj: Minutes) -> list[dict]:
        return [{"id": p.pk, "name": p.full_name} for p in obj.attendees.all()]

    @staticmethod
    def resolve_other_attendees(obj: Minutes) -> list[str]:
        return obj.other_attendees.splitlines()


class MinutesIn(Schema):
    attendees: list[int] = Field(default_factory=list, description="ids of directory people")
    other_attendees: list[str] = Field(
        default_factory=list, description="people not in the directory, as written"
    )
    discussion_sv: str = Field("", max_length=TEXT_LIMIT, description="HTML, sanitised")
    discussion_en: str = Field("", max_length=TEXT_LIMIT)
    decisions_sv: str = Field("", max_length=TEXT_LIMIT)
    decisions_en: str = Field("", max_length=TEXT_LIMIT)


class ActionOut(Schema):
    id: int
    activity: int
    text: str
    owner: PersonRef
    due_date: date
    status: ActionStatus
    overdue: bool

    @staticmethod
    def resolve_activity(obj: Action) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_owner(obj: Action) -> dict:
        return {"id": obj.owner_id, "name": obj.owner.full_name}

    @staticmethod
    def resolve_overdue(obj: Action) -> bool:
        return not obj.is_finished and obj.due_date < timezone.localdate()


class ActionIn(Schema):
    text: str = Field(max_length=ACTION_LIMIT)
    owner: int = Field(ge=1, description="id of a directory person")
    due_date: date
    status: ActionStatus = ActionStatus.OPEN


class ActionPatch(Schema):
    """Only the fields sent change."""

    text: str | None = Field(None, max_length=ACTION_LIMIT)
    owner: int | None = Field(None, ge=1, description="id of a directory person")
    due_date: date | None = None
    status: ActionStatus | None = None


def _managed(request: HttpRequest, activity_id: int) -> Activity:
    activity = (
        visible_activities(request.user).select_related("arena").filter(pk=activity_id).first()
    )
    if activity is None:
        raise Http404(f"No activity with id {activity_id}.")
    if not can_manage(request.user, activity.arena):
        raise HttpError(403, "Only the arena's coordinators see and write the minutes.")
    return activity


def _person(field: str, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise HttpError(400, f"{field}: no person has id {person_id}.")
    return person


@router.get(
    "/activities/{activity_id}/minutes",
    response={200: MinutesOut, **ERRORS},
    auth=django_auth,
    summary="The minutes of an activity (the arena's coordinators)",
)
def get_minutes(request: HttpRequest, activity_id: int) -> Minutes:
    minutes = minutes_of(_managed(request, activity_id))
    if minutes is None:
        raise Http404("The activity has no minutes yet.")
    return minutes


@router.put(
    "/activities/{activity_id}/minutes",
    response={200: MinutesOut, **ERRORS},
    auth=django_auth,
    summary="Write or replace the minutes, once the activity has started",
)
def put_minutes(request: HttpRequest, activity_id: int, body: MinutesIn) -> Minutes:
    activity = _managed(request, activity_id)
    people = list(Person.objects.filter(pk__in=body.attendees))
    if unknown := sorted(set(body.attendees) - {person.pk for person in people}):
        raise HttpError(400, f"attendees: no person has id {unknown[0]}.")
    others = "\n".join(body.other_attendees)
    if len(others) > OTHERS_LIMIT:
        raise HttpError(400, f"other_attendees: at most {OTHERS_LIMIT} characters in all.")
    data = MinutesData(
        attendees=people,
        other_attendees=others,
        discussion_sv=body.discussion_sv,
        discussion_en=body.discussion_en,
        decisions_sv=body.decisions_sv,
        decisions_en=body.decisions_en,
    )
    minutes_save(request.user, activity, data)  # a refusal is a 400 naming the field
    return minutes_of(activity)


@router.get(
    "/activities/{activity_id}/actions",
    response={200: list[ActionOut], **ERRORS},
    auth=django_auth,
    summary="The follow-up actions of an activity, soonest due first",
)
@paginate(LimitOffsetPagination)
def list_actions(request: HttpRequest, activity_id: int) -> QuerySet[Action]:
    return actions_of(_managed(request, activity_id))


@router.post(
    "/activities/{activity_id}/actions",
    response={201: ActionOut, **ERRORS},
    auth=django_auth,
    summary="Add a follow-up action; its owner is reminded by e-mail before the due date",
)
def create_action(request: HttpRequest, activity_id: int, body: ActionIn) -> Response:
    activity = _managed(request, activity_id)
    data = ActionData(
        text=body.text,
        owner=_person("owner", body.owner),
        due_date=body.due_date,
        status=body.status,
    )
    return Response(201, action_save(request.user, activity, data))


@router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, **ERRORS},
    auth=django_auth,
    summary="Change a follow-up action: its status, text, owner or due date",
)
def patch_action(request: HttpRequest, action_id: int, body: ActionPatch) -> Action:
    action = Action.objects.select_related("owner").filter(pk=action_id).first()
    if action is None:
        raise Http404(f"No follow-up action with id {action_id}.")
    activity = _managed(request, action.activity_id)
    data = ActionData(
        text=action.text if body.text is None else body.text,
        owner=action.owner if body.owner is None else _person("owner", body.owner),
        due_date=body.due_date or action.due_date,
        status=body.status or action.status,
    )
    return action_save(request.user, activity, data, action)
