"""The 17 goals and 169 targets with Swedish and English texts."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja import Status as Response

from samverkan.kernel.schemas import ErrorOut

from .models import Goal, Target
from .suggest import Suggestion, short_title, suggest

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


class SuggestIn(Schema):
    text: str = Field(..., max_length=100_000, description="Swedish or English text.")


class SuggestedGoalOut(Schema):
    goal: int
    score: float
    title: str = Field(description="The goal's short title in the request's language.")


class SuggestedTargetOut(Schema):
    target: str
    score: float


class SuggestOut(Schema):
    goals: list[SuggestedGoalOut]
    targets: list[SuggestedTargetOut]
    truncated: bool = Field(description="True when only the beginning of a long text was used.")


def suggestion_payload(suggestion: Suggestion) -> dict[str, Any]:
    """The JSON shape shared by the API and ``samverkan sdg-suggest --json``."""
    language = get_language() or "sv"
    return {
        "goals": [
            {"goal": goal, "score": round(score, 3), "title": short_title(goal, language)}
            for goal, score in suggestion.goals
        ],
        "targets": [
            {"target": code, "score": round(score, 3)} for code, score in suggestion.targets
        ],
        "truncated": suggestion.truncated,
    }


@router.post(
    "/suggest", response={200: SuggestOut, 400: ErrorOut}, summary="Suggest goals for a text"
)
def suggest_goals(request: HttpRequest, payload: SuggestIn) -> Response:
    """The goals (and, where clear, targets) a text addresses, best first. Public and without
    authentication, so no session and no CSRF token are needed: it only computes."""
    try:
        suggestion = suggest(payload.text)
    except ValueError as error:
        return Response(400, {"detail": str(error)})
    return Response(200, suggestion_payload(suggestion))
