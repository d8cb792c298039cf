"""The coordinators' work: the inbox and board, one need's workspace and its actions, saved
views, and each arena's workflow states."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import modelformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.roles import is_arena_admin, is_coordinator
from samverkan.arenas.models import Arena
from samverkan.collaborations.models import Review
from samverkan.directory.models import Organization, Person

from ..forms import (
    AddExpertForm,
    AssignForm,
    CloseForm,
    CollaborationReviewForm,
    ContactMessageForm,
    InboxFilterForm,
    NeedStateForm,
    StateForm,
)
from ..models import Decision, Need, NeedMatch, NeedState, Response
from ..permissions import coordinated_arena_ids, coordinated_needs
from ..selectors import has_news, inbox, is_quiet, quiet_since
from ..services import (
    WorkflowError,
    add_expert,
    add_note,
    assign,
    bulk_assign,
    change_state,
    close_as_collaboration,
    close_without_collaboration,
    contact,
    contact_message,
    decide,
    delete_view_of_inbox,
    hand_over,
    has_consent,
    post_update,
    publish_collaboration,
    save_states,
    save_view_of_inbox,
    signature,
)
from ..workflow import ensure_default_states, shown_state

PAGE_SIZE = 25
BOARD_LIMIT = 30


def _coordinator_only(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def _arena_ids(request: HttpRequest) -> list[int] | None:
    arenas = coordinated_arena_ids(request.user)
    return None if arenas is None else list(arenas)


def _inbox(request: HttpRequest) -> tuple[InboxFilterForm, QuerySet[Need]]:
    form = InboxFilterForm(request.GET, user=request.user)
    return form, inbox(request.user, form.cleaned_data if form.is_valid() else {})


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    _coordinator_only(request)
    form, needs = _inbox(request)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    since = quiet_since()
    rows = [
        {"need": need, "quiet": is_quiet(need, since), "news": has_news(need)}
        for need in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "needs/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "saved_views": request.user.saved_need_views.all(),
            "assign_form": AssignForm(arena_ids=_arena_ids(request), auto_id="bulk_%s"),
            "quiet_days": since,
        },
    )


@login_required
def board_view(request: HttpRequest) -> HttpResponse:
    """The open needs as columns by state, one board per arena."""
    _coordinator_only(request)
    form, found = _inbox(request)
    needs = list(found.filter(state__is_terminal=False)[:500])
    arenas = {need.arena for need in needs}
    since = quiet_since()
    boards = []
    for arena in sorted(arenas, key=lambda a: a.name):
        columns = []
        for state in arena.need_states.filter(is_terminal=False):
            cards = [n for n in needs if n.state_id == state.pk]
            columns.append(
                {
                    "state": state,
                    "count": len(cards),
                    "cards": [
                        {"need": n, "quiet": is_quiet(n, since), "news": has_news(n)}
                        for n in cards[:BOARD_LIMIT]
                    ],
                }
            )
        boards.append({"arena": arena, "columns": columns})
    query = request.GET.copy()
    return render(
        request,
        "needs/board.html",
        {"boards": boards, "form": form, "query": query.urlencode()},
    )


@require_POST
@login_required
def save_view(request: HttpRequest) -> HttpResponse:
    _coordinator_only(request)
    name = request.POST.get("name", "").strip()[:80]
    query = request.POST.get("query", "")[:500]
    if not name:
        messages.error(request, _("Give the view a name."))
    else:
        save_view_of_inbox(request.user, name, query)
        messages.success(request, _("The view “%(name)s” is saved.") % {"name": name})
    return redirect(reverse("needs:inbox") + (f"?{query}" if query else ""))


@require_POST
@login_required
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not delete_view_of_inbox(request.user, pk):
        raise Http404
    return redirect("needs:inbox")


@require_POST
@login_required
def bulk_assign_view(request: HttpRequest) -> HttpResponse:
    _coordinator_only(request)
    form = AssignForm(request.POST, arena_ids=_arena_ids(request))
    references = request.POST.getlist("needs")
    needs = list(coordinated_needs(request.user).filter(reference__in=references))
    if not needs:
        messages.error(request, _("Choose the needs to assign first."))
    elif not form.is_valid():
        messages.error(request, _("Choose a coordinator."))
    else:
        try:
            count = bulk_assign(needs, form.cleaned_data["assignee"], request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(count)s needs assigned.") % {"count": count})
    back = request.POST.get("query", "")
    return redirect(reverse("needs:inbox") + (f"?{back}" if back else ""))


def workspace_context(request: HttpRequest, need: Need) -> dict:
    states = list(need.arena.need_states.all())
    matches = list(need.matches.select_related("person"))
    return {
        "need": need,
        "states": states,
        "shown_state": shown_state(need, states),
        "state_form": StateForm(need=need),
        "assign_form": AssignForm(
            arena_ids=[need.arena_id], initial={"assignee": need.assignee_id}
        ),
        "close_form": CloseForm(initial={"form": need.forms.order_by("position").first()}),
        "matches": matches,
        "to_hand_over": [
            m
            for m in matches
            if m.decision == Decision.ACCEPTED
            and m.person_id
            and m.response == Response.INTERESTED
            and m.introduced_at is None
        ],
        "introduced": [m for m in matches if m.introduced_at is not None],
        "draft": need.collaboration
        if need.collaboration and need.collaboration.review != Review.APPROVED
        else None,
        "add_form": AddExpertForm(user=request.user, searching=request.GET, auto_id="add_%s"),
        "events": need.events.select_related("actor", "state"),
        "decisions": Decision,
        "breadcrumb_trail": [
            {"label": _("Inbox"), "url": reverse("needs:inbox")},
            {"label": need.reference, "url": ""},
        ],
    }


@require_POST
@login_required
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """One coordinator action on one need; each is a transaction of its own."""
    need = get_object_or_404(coordinated_needs(request.user), reference=reference)
    try:
        done = _ACTIONS[action](request, need)
    except KeyError as error:
        raise PermissionDenied from error
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(need)
    if isinstance(done, HttpResponse):
        return done
    if done:
        messages.success(request, done)
    return redirect(need)


def _state(request: HttpRequest, need: Need) -> str:
    form = StateForm(request.POST, need=need)
    if not form.is_valid():
        raise WorkflowError(_("Choose a state."))
    change_state(need, form.cleaned_data["state"], request.user, form.cleaned_data["text"])
    return _("The state is changed.")


def _assign(request: HttpRequest, need: Need) -> str:
    form = AssignForm(request.POST, arena_ids=[need.arena_id])
    if not form.is_valid():
        raise WorkflowError(_("Choose a coordinator."))
    assign(need, form.cleaned_data["assignee"], request.user)
    return _("The need is assigned.")


def _note(request: HttpRequest, need: Need) -> str:
    add_note(need, request.POST.get("text", ""), request.user)
    return _("The note is saved. Only coordinators see it.")


def _posted_id(request: HttpRequest, name: str) -> int:
    """The id a form posted, or 0 (which matches nothing) when it is not a whole number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdecimal() else 0


def _update(request: HttpRequest, need: Need) -> str:
    post_update(need, request.POST.get("text", ""), request.user)
    return _("The update is published to the submitter.")


def _decide(request: HttpRequest, need: Need) -> str:
    found = get_object_or_404(NeedMatch, need=need, pk=_posted_id(request, "match"))
    decide(found, request.POST.get("decision", ""), request.user)
    return _("%(name)s: %(decision)s.") % {
        "name": found.title,
        "decision": found.get_decision_display().lower(),
    }


def _add(request: HttpRequest, need: Need) -> str | HttpResponse:
    """Searching shows the need again with the matches; choosing adds the person."""
    form = AddExpertForm(request.POST, user=request.user)
    if form.searching:
        text = request.POST.get("person_q", "")[:100]
        return redirect(f"{need.get_absolute_url()}?{urlencode({'person_q': text})}#add-heading")
    if not form.is_valid():
        raise WorkflowError(_("Search, then choose one of the matches."))
    person = form.cleaned_data["person"]
    add_expert(need, person.profile, request.user)
    return _("%(name)s is added.") % {"name": person}


def _contact(request: HttpRequest, need: Need) -> str | HttpResponse:
    """Contacting starts with the message to write: without one, the page to write it."""
    found = get_object_or_404(NeedMatch, need=need, pk=_posted_id(request, "match"))
    if "message" not in request.POST:
        return redirect("needs:contact_compose", reference=need.reference, pk=found.pk)
    form = ContactMessageForm(request.POST)
    if not form.is_valid():
        raise WorkflowError(_("Write the message first."))
    contact(found, request.user, form.cleaned_data["message"])
    return _("%(name)s has been sent the need.") % {"name": found.title}


def _hand_over(request: HttpRequest, need: Need) -> str:
    ids = [int(value) for value in request.POST.getlist("match") if value.isdecimal()]
    chosen = hand_over(need, NeedMatch.objects.filter(need=need, pk__in=ids), request.user)
    return _("%(names)s and the submitter have each other's details now.") % {
        "names": ", ".join(found.title for found in chosen)
    }


def _close(request: HttpRequest, need: Need) -> str | HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        raise WorkflowError(_("Choose the form of collaboration."))
    close_as_collaboration(need, request.user, form.cleaned_data["form"])
    messages.success(
        request,
        _("The need is closed. Check the draft collaboration: it is published once you have."),
    )
    return redirect("needs:collaboration_review", reference=need.reference)


@login_required
def contact_compose(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The e-mail to a person, in the coordinator's words: the default text to change."""
    need = get_object_or_404(coordinated_needs(request.user), reference=reference)
    found = get_object_or_404(NeedMatch.objects.select_related("person"), need=need, pk=pk)
    if found.decision != Decision.ACCEPTED or found.person_id is None or found.contacted_at:
        messages.error(request, _("Only an accepted person not yet asked can be contacted."))
        return redirect(need)
    form = ContactMessageForm(initial={"message": contact_message(found, request.user)})
    return render(
        request,
        "needs/contact.html",
        {
            "need": need,
            "match": found,
            "form": form,
            "signature": signature(request.user, need.arena),
            "breadcrumb_trail": [
                {"label": _("Inbox"), "url": reverse("needs:inbox")},
                {"label": need.reference, "url": need.get_absolute_url()},
                {"label": _("Contact"), "url": ""},
            ],
        },
    )


@login_required
def collaboration_review(request: HttpRequest, reference: str) -> HttpResponse:
    """The draft collaboration a need became, checked before it is published: title, period,
    parties and the people who may be named."""
    need = get_object_or_404(coordinated_needs(request.user), reference=reference)
    collaboration = need.collaboration
    if collaboration is None:
        raise Http404
    people = list(collaboration.people.select_related("profile"))
    named = [person for person in people if has_consent(person)]
    parties = Organization.objects.filter(collaboration_parties__collaboration=collaboration)
    form = CollaborationReviewForm(
        request.POST if request.method == "POST" else None,
        parties=parties,
        people=Person.objects.filter(pk__in=[person.pk for person in named]),
        initial={
            "title_sv": collaboration.title_sv,
            "title_en": collaboration.title_en,
            "starts_on": collaboration.starts_on,
            "ends_on": collaboration.ends_on,
            "parties": list(parties),
            "people": named,
        },
    )
    if request.method == "POST" and collaboration.review != Review.APPROVED and form.is_valid():
        try:
            publish_collaboration(need, request.user, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The collaboration is published and shown to everyone."))
            return redirect(collaboration)
    return render(
        request,
        "needs/collaboration_review.html",
        {
            "need": need,
            "collaboration": collaboration,
            "form": form,
            "published": collaboration.review == Review.APPROVED,
            "unnamed": [person for person in people if not has_consent(person)],
            "breadcrumb_trail": [
                {"label": _("Inbox"), "url": reverse("needs:inbox")},
                {"label": need.reference, "url": need.get_absolute_url()},
                {"label": _("Check the collaboration"), "url": ""},
            ],
        },
    )


def _close_without(request: HttpRequest, need: Need) -> str:
    close_without_collaboration(need, request.user, request.POST.get("text", ""))
    return _("The need is closed.")


_ACTIONS = {
    "state": _state,
    "assign": _assign,
    "note": _note,
    "update": _update,
    "decide": _decide,
    "add": _add,
    "contact": _contact,
    "hand-over": _hand_over,
    "close": _close,
    "close-without": _close_without,
}


StateFormSet = modelformset_factory(NeedState, form=NeedStateForm, extra=1, can_delete=False)


@login_required
def states_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """An arena admin's workflow: rename, recolour, reorder and add states."""
    arena = get_object_or_404(Arena, slug=slug)
    if not is_arena_admin(request.user, arena):
        raise PermissionDenied
    ensure_default_states(arena)
    formset = StateFormSet(
        request.POST if request.method == "POST" else None, queryset=arena.need_states.all()
    )
    if request.method == "POST" and formset.is_valid():
        save_states(arena, formset.save(commit=False), request.user)
        messages.success(request, _("The states are saved."))
        return redirect("needs:states", slug=arena.slug)
    return render(request, "needs/states.html", {"arena": arena, "formset": formset})
