"""The 17 goals and 169 targets with Swedish and English texts."""

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from samverkan.kernel.schemas import ErrorOut

from .models import Goal, Target

router = Router(tags=["sdg"])


class GoalOut(Schema):
    number: int
    short_sv: str
    short_en: str
    title_sv: str
    title_en: str
    colour: str
    dimension: str


class TargetOut(Schema):
    code: str
    goal: int
    title_sv: str
    title_en: str

    @staticmethod
    def resolve_goal(obj: Target) -> int:
        return obj.goal.number


class GoalDetailOut(GoalOut):
    description_sv: str
    description_en: str
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj: Goal) -> list[Target]:
        return list(obj.targets.all())


class TargetFilters(Schema):
    goal: int | None = Field(None, ge=1, le=17, description="only the targets of this goal")


@router.get("/goals", response=list[GoalOut], summary="The 17 Global Goals")
def list_goals(request: HttpRequest) -> list[Goal]:
    return list(Goal.objects.all())


@router.get("/goals/{number}", response={200: GoalDetailOut, 404: ErrorOut}, summary="One goal")
def get_goal(request: HttpRequest, number: int) -> Goal:
    goal = Goal.objects.prefetch_related("targets__goal").filter(number=number).first()
    if goal is None:
        raise Http404(f"There is no goal {number}; the goals are numbered 1 to 17.")
    return goal


@router.get("/targets", response=list[TargetOut], summary="The 169 targets")
def list_targets(request: HttpRequest, filters: Query[TargetFilters]) -> list[Target]:
    targets = Target.objects.select_related("goal")
    if filters.goal:
        targets = targets.filter(goal__number=filters.goal)
    return list(targets)
