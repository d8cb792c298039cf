"""The coordinators' pages for minutes and follow-up actions: write the minutes, add and change
actions, and the list of the open actions of their arenas. Only the arena's coordinators reach
them (``services.can_manage``); the services check again."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.roles import is_coordinator

from .followup import action_save, action_set_status, can_follow_up, minutes_save
from .forms_followup import ActionFilterForm, ActionForm, ActionStatusForm, MinutesForm
from .models import Action, ActionStatus, Activity
from .selectors import visible_activities
from .selectors_followup import coordinated_actions, minutes_of
from .services import can_manage

PAGE_SIZE = 25


def _managed(request: HttpRequest, pk: int) -> Activity:
    """The activity, for its arena's coordinators only: 404 if it is not seen at all, 403 if it
    is seen but not theirs to follow up."""
    activity = get_object_or_404(
        visible_activities(request.user).select_related("arena", "kind"), pk=pk
    )
    if not can_manage(request.user, activity.arena):
        raise PermissionDenied
    return activity


def _crumbs(activity: Activity, label: str) -> list[dict]:
    return [
        {"label": activity.title, "url": activity.get_absolute_url()},
        {"label": label, "url": ""},
    ]


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activity = _managed(request, pk)
    minutes = minutes_of(activity)
    form = MinutesForm(
        request.POST or None, initial=MinutesForm.initial_of(minutes), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            minutes_save(request.user, activity, form.minutes_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect(activity)
    title = _("Edit the minutes") if minutes else _("Write the minutes")
    return render(
        request,
        "activities/minutes_edit.html",
        {
            "activity": activity,
            "form": form,
            "title": title,
            "can_follow_up": can_follow_up(activity),
            "breadcrumb_trail": _crumbs(activity, title),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def action_edit(request: HttpRequest, pk: int, action_pk: int | None = None) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activity = _managed(request, pk)
    action = get_object_or_404(activity.actions, pk=action_pk) if action_pk else None
    initial = (
        {
            "text": action.text,
            "owner": action.owner_id,
            "due_date": action.due_date,
            "status": action.status,
        }
        if action
        else {}
    )
    form = ActionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action_save(request.user, activity, form.action_data(), action)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The follow-up action has been saved."))
            return redirect(activity.get_absolute_url() + "#actions-heading")
    title = _("Edit the follow-up action") if action else _("Add a follow-up action")
    return render(
        request,
        "activities/action_edit.html",
        {
            "activity": activity,
            "action": action,
            "form": form,
            "title": title,
            "can_follow_up": can_follow_up(activity),
            "breadcrumb_trail": _crumbs(activity, title),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def action_status(request: HttpRequest, action_pk: int) -> HttpResponse:
    """The status of one action, changed from the activity page or the list of actions; back
    to where the coordinator came from."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    action = get_object_or_404(Action.objects.select_related("activity__arena"), pk=action_pk)
    _managed(request, action.activity_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        action_set_status(request.user, action, form.cleaned_data["status"])
        messages.success(request, _("The status has been changed."))
    else:
        messages.error(request, _("Choose one of the statuses."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = action.activity.get_absolute_url() + "#actions-heading"
    return redirect(back)


def action_list(request: HttpRequest) -> HttpResponse:
    """The open actions of the arenas the coordinator coordinates, soonest due first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = ActionFilterForm(request.GET or None)
    status, overdue = "", False
    if form.is_valid():
        status, overdue = form.cleaned_data["status"], form.cleaned_data["overdue"]
    actions = coordinated_actions(request.user, status=status, overdue=overdue)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/action_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "statuses": ActionStatus.choices,
            "breadcrumb_trail": [{"label": _("Follow-up actions"), "url": ""}],
        },
    )
