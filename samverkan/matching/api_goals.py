"""``POST /api/v1/sdg/suggest``: the Global Goals a text addresses, computed by the goal
suggestions next to the matching engine (they learn from its index) and published beside the
goals' reference data."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, Router, Schema
from ninja import Status as Response

from samverkan.kernel.schemas import ErrorOut

from .goals import Suggestion, short_title, suggest

router = Router(tags=["sdg"])


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
@csrf_exempt
def suggest_goals(request: HttpRequest, payload: SuggestIn) -> Response:
    """The goals (and, where clear, targets) a text addresses, best first. Public and without
    authentication, so no session and no CSRF token are needed: it only computes."""
    try:
        suggestion = suggest(payload.text)
    except ValueError as error:
        return Response(400, {"detail": str(error)})
    return Response(200, suggestion_payload(suggestion))
