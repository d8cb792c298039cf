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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.roles import is_arena_admin, is_coordinator
from samverkan.arenas.models import Arena
from samverkan.directory.models import ExpertProfile

from ..forms import AssignForm, CloseForm, InboxFilterForm, NeedStateForm, StateForm
from ..models import Decision, Need, NeedMatch, NeedState
from ..permissions import coordinated_arena_ids, coordinated_needs
from ..selectors import inbox, is_quiet, quiet_since
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
    decide,
    delete_view_of_inbox,
    post_update,
    save_states,
    save_view_of_inbox,
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
    rows = [{"need": need, "quiet": is_quiet(need, since)} for need in page.object_list]
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
            "assign_form": AssignForm(arena_ids=_arena_ids(request)),
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
                        {"need": n, "quiet": is_quiet(n, since)} for n in cards[:BOARD_LIMIT]
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
        "profiles": ExpertProfile.objects.select_related("person")
        .exclude(pk__in=[m.object_id for m in matches if m.kind == "expert"])
        .order_by("person__last_name", "person__first_name")[:500],
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


def _add(request: HttpRequest, need: Need) -> str:
    profile = ExpertProfile.objects.filter(pk=_posted_id(request, "profile")).first()
    if profile is None:
        raise WorkflowError(_("Choose a person from the list."))
    add_expert(need, profile, request.user)
    return _("%(name)s is added.") % {"name": profile.person}


def _contact(request: HttpRequest, need: Need) -> str:
    found = get_object_or_404(NeedMatch, need=need, pk=_posted_id(request, "match"))
    contact(found, request.user)
    return _("%(name)s has been sent the need.") % {"name": found.title}


def _close(request: HttpRequest, need: Need) -> str:
    form = CloseForm(request.POST)
    if not form.is_valid():
        raise WorkflowError(_("Choose the form of collaboration."))
    close_as_collaboration(need, request.user, form.cleaned_data["form"])
    return _("The need is closed and the collaboration is registered.")


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
