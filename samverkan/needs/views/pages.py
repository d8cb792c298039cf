"""The pages that show needs: public challenges, one need as each role sees it, the needs of the
signed-in user, and the experts' answers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from samverkan.accounts.roles import is_coordinator
from samverkan.collaborations.models import Review
from samverkan.kernel.colour import readable_text_colour
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from ..forms import LinkAgainForm, ReplyForm
from ..models import Decision, Need, NeedMatch, NeedState, Response, Status
from ..permissions import can_coordinate, is_submitter_side, visible_needs
from ..services import (
    ConfirmationError,
    LinkExpired,
    WorkflowError,
    mark_seen,
    match_from_answer_token,
    need_from_follow_token,
    person_card,
    resend_links,
    respond,
    submitter_card,
    submitter_reply,
)
from ..workflow import shown_state
from .coordination import workspace_context

PAGE_SIZE = 20


def with_details(needs):
    return needs.select_related("state", "municipality", "organization", "arena").prefetch_related(
        "goals"
    )


def states_by_arena(arena_ids: set[int]) -> dict[int, list[NeedState]]:
    """The states of several arenas in one query, in order."""
    found: dict[int, list[NeedState]] = {}
    for state in NeedState.objects.filter(arena_id__in=arena_ids):
        found.setdefault(state.arena_id, []).append(state)
    return found


def public_list(request: HttpRequest) -> HttpResponse:
    """Open challenges that submitters chose to publish, for researchers and students."""
    needs = with_details(
        Need.objects.filter(status=Status.OPEN, is_public=True, state__is_terminal=False)
    ).order_by("-submitted_at", "-pk")
    municipality = Municipality.objects.filter(code=request.GET.get("kommun", "")).first()
    mal = request.GET.get("mal", "")
    goal = Goal.objects.filter(number=int(mal)).first() if mal.isdecimal() else None
    if municipality:
        needs = needs.filter(municipality=municipality)
    if goal:
        needs = needs.filter(goals=goal)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "needs/public_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "municipality": municipality,
            "goal": goal,
            "goals": Goal.objects.order_by("number"),
            "municipalities": Municipality.objects.filter(
                needs__is_public=True, needs__status=Status.OPEN
            )
            .distinct()
            .order_by("name"),
        },
    )


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    need = get_object_or_404(with_details(visible_needs(request.user)), reference=reference)
    if can_coordinate(request.user, need):
        context = workspace_context(request, need)
        mark_seen(need, request.user)
        return render(request, "needs/workspace.html", context)
    return _submitter_or_public(request, need, is_submitter_side(request.user, need))


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, token: str) -> HttpResponse:
    """The submitter's own link, for needs sent without an account; they reply here too."""
    try:
        need = need_from_follow_token(token)
    except ConfirmationError as error:
        return _broken_link(request, error)
    if request.method == "POST":
        return _reply(request, need, token)
    return _submitter_or_public(request, need, True, reply_url=request.path)


@require_POST
@login_required
def reply(request: HttpRequest, reference: str) -> HttpResponse:
    """A logged-in submitter's reply on their need's page."""
    need = get_object_or_404(visible_needs(request.user), reference=reference)
    if not is_submitter_side(request.user, need):
        raise PermissionDenied
    return _reply(request, need)


def _reply(request: HttpRequest, need: Need, token: str = "") -> HttpResponse:
    form = ReplyForm(request.POST)
    back = request.path if token else need.get_absolute_url()
    if not form.is_valid():
        return _submitter_or_public(request, need, True, reply_url=request.path, reply_form=form)
    try:
        submitter_reply(need, form.cleaned_data["text"], request.user, token=token)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you. The coordinator has your reply."))
    return redirect(back)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
@ratelimit(key="post:email", rate="3/h", method="POST", block=True)
def link_again(request: HttpRequest) -> HttpResponse:
    """The links to one's needs again, by e-mail. The answer is the same whether or not the
    address has sent a need, so the page does not tell who has."""
    form = LinkAgainForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        resend_links(form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "If the address has sent needs that are still open, the links are on their way "
                "to it. Check your inbox in a few minutes."
            ),
        )
        return redirect("needs:link_again")
    return render(
        request,
        "needs/link_again.html",
        {"form": form, "days": settings.SAMVERKAN_NEEDS_FOLLOW_DAYS},
    )


def _broken_link(request: HttpRequest, error: ConfirmationError) -> HttpResponse:
    """A link that is too old or no longer applies is gone (410); any other is not found."""
    status = 410 if isinstance(error, LinkExpired) else 404
    return render(request, "needs/link_error.html", {"error": str(error)}, status=status)


def _submitter_or_public(
    request: HttpRequest,
    need: Need,
    submitter: bool,
    reply_url: str = "",
    reply_form: ReplyForm | None = None,
) -> HttpResponse:
    states = list(need.arena.need_states.all())
    my_match = None
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None:
        my_match = need.matches.filter(person=person).exclude(decision=Decision.REJECTED).first()
    events = need.events.filter(is_public=True).select_related("state")
    contacted = need.matches.filter(decision=Decision.ACCEPTED, contacted_at__isnull=False)
    in_touch = []
    if submitter:
        in_touch = [
            person_card(found.person)
            for found in contacted.filter(introduced_at__isnull=False, person__isnull=False)
            .select_related("person")
            .order_by("introduced_at", "pk")
        ]
    return render(
        request,
        "needs/detail.html",
        {
            "need": need,
            "submitter": submitter,
            "shown_state": shown_state(need, states),
            "states": [s for s in states if s.is_public],
            "events": events if submitter else [],
            "contacted": contacted.filter(introduced_at__isnull=True) if submitter else [],
            "in_touch": in_touch,
            "handler": _handler(need) if submitter else None,
            "asker": submitter_card(need) if submitter else None,
            "reply_url": reply_url or reverse("needs:reply", kwargs={"reference": need.reference}),
            "reply_form": reply_form or ReplyForm(),
            "collaboration_published": bool(
                need.collaboration and need.collaboration.review == Review.APPROVED
            ),
            "my_match": my_match,
            "breadcrumb_trail": [
                {"label": _("Needs"), "url": reverse("needs:public")},
                {"label": need.reference, "url": ""},
            ],
        },
    )


def _handler(need: Need) -> dict[str, str]:
    """Who handles the need, for the submitter: the assigned coordinator, or the arena."""
    if need.assignee_id and need.assignee.is_active:
        return {
            "name": need.assignee.full_name or need.assignee.email,
            "email": need.assignee.email,
            "arena": str(need.arena),
        }
    return {"name": "", "email": need.arena.contact_email, "arena": str(need.arena)}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Everything the signed-in user follows: their drafts and needs, their organisation's,
    and the needs they are suggested for."""
    user = request.user
    own = Need.objects.filter(submitter=user)
    if user.organization_id:
        own = own | Need.objects.filter(organization_id=user.organization_id, status=Status.OPEN)
    own = with_details(own.distinct()).order_by("-created_at", "-pk")
    person = getattr(user, "person", None)
    suggested = (
        NeedMatch.objects.filter(person=person, need__status=Status.OPEN)
        .exclude(decision=Decision.REJECTED)
        .select_related("need__state", "need__municipality")
        .order_by("-need__submitted_at")
        if person is not None
        else NeedMatch.objects.none()
    )
    page = Paginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    states = states_by_arena({need.arena_id for need in page.object_list})
    for need in page.object_list:
        need.shown_state = shown_state(need, states.get(need.arena_id, []))
    return render(
        request,
        "needs/mine.html",
        {
            "page": page,
            "suggested": suggested[:50],
            "is_coordinator": is_coordinator(user),
        },
    )


@require_POST
@login_required
def answer_here(request: HttpRequest, reference: str) -> HttpResponse:
    """An expert's answer from the need's page."""
    person = getattr(request.user, "person", None)
    need = get_object_or_404(visible_needs(request.user), reference=reference)
    found = need.matches.filter(person=person).exclude(decision=Decision.REJECTED).first()
    if person is None or found is None:
        raise PermissionDenied
    return _answer(request, found, need.get_absolute_url())


@require_http_methods(["GET", "POST"])
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The links in the e-mail to a contacted person: the page asks once more, then stores."""
    try:
        found = match_from_answer_token(token)
    except LinkExpired as error:
        return render(request, "needs/answer.html", {"error": str(error)}, status=410)
    except ConfirmationError as error:
        return render(request, "needs/answer.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        return _answer(request, found, request.path)
    return render(
        request,
        "needs/answer.html",
        {"match": found, "need": found.need, "chosen": request.GET.get("svar", "")},
    )


def _answer(request: HttpRequest, found: NeedMatch, back: str) -> HttpResponse:
    try:
        respond(found, request.POST.get("response", ""), request.POST.get("comment", ""))
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(back)
    if found.response == Response.INTERESTED:
        messages.success(request, _("Thank you. The coordinator will put you in touch."))
    else:
        messages.success(
            request, _("Thank you for answering. We will not ask you about this need.")
        )
    return redirect(back)


@cache_control(max_age=300, public=True)
def state_styles(request: HttpRequest) -> HttpResponse:
    """Every state's colour as a style sheet (the CSP forbids inline styles), with text in
    whichever of white or black reads better on it."""
    rules = [
        f".state-{pk} {{ --state-colour: {colour}; --state-text: {readable_text_colour(colour)}; }}"
        for pk, colour in NeedState.objects.values_list("pk", "colour")
    ]
    return HttpResponse("\n".join(rules) + "\n", content_type="text/css")
