"""``POST /api/v1/match``: the matching engine for other systems, with the reader's visibility."""

from typing import Literal

from django.http import HttpRequest
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, Router, Schema
from ninja import Status as Response

from samverkan.kernel import searchable
from samverkan.kernel.schemas import ErrorOut

from .services import MATCH_KINDS, MatchError, match

router = Router(tags=["matching"])
# The kinds other systems may ask for, as registered when the URLs load.
API_KINDS = tuple(source.kind for source in searchable.sources() if source.api)
KindName = Literal[API_KINDS]


class MatchIn(Schema):
    text: str = Field(..., max_length=100_000, description="The need, in Swedish or English.")
    kinds: list[KindName] = Field(default=list(MATCH_KINDS), min_length=1)
    top: int = Field(default=10, ge=1, le=100)


class ReasonsOut(Schema):
    terms: list[str]
    sentence: str
    goals: list[int]
    forms: list[str]
    same_region: bool


class ResultOut(Schema):
    kind: str
    id: int
    external_id: str
    title: str
    subtitle: str
    score: float
    explanation: str
    reasons: ReasonsOut


class MatchOut(Schema):
    results: list[ResultOut]
    truncated: bool = Field(description="True when only the beginning of a long text was used.")
    mode: Literal["hybrid", "lexical"]


@router.post("/match", response={200: MatchOut, 400: ErrorOut}, summary="Match a need")
@csrf_exempt
def match_need(request: HttpRequest, payload: MatchIn) -> Response:
    """Ranked experts, offerings and collaborations for a need, best first, each with a score and
    an explanation. Only what the caller may see is returned."""
    try:
        found = match(payload.text, kinds=payload.kinds, top=payload.top, user=request.user)
    except MatchError as error:
        return Response(400, {"detail": str(error)})
    return Response(
        200,
        {
            "results": [result.as_dict() for result in found.results],
            "truncated": found.truncated,
            "mode": found.mode,
        },
    )
