"""An activity's page, registration without an account and the page a registration link opens."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from samverkan.accounts.roles import is_coordinator

from .forms import RegistrationForm, planning_arenas
from .models import Activity, RegistrationMode, RegistrationStatus, Status
from .selectors import upcoming, visible_activities, with_details
from .selectors_followup import followup_for
from .services import (
    can_manage,
    cancel_registration,
    register,
    registration_from_token,
    registration_token,
)

PAGE_SIZE = 20


def activity_list(request: HttpRequest) -> HttpResponse:
    """Coming activities first; ``?tidigare=1`` shows those that have been."""
    past = request.GET.get("tidigare") == "1"
    activities = upcoming(visible_activities(request.user), past=past)
    page = Paginator(with_details(activities), PAGE_SIZE).get_page(request.GET.get("page"))
    can_plan = is_coordinator(request.user)
    return render(
        request,
        "activities/list.html",
        {
            "page": page,
            "past": past,
            "query": "tidigare=1" if past else "",
            "can_plan": can_plan,
            "planning_arenas": planning_arenas(request.user) if can_plan else [],
        },
    )


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(with_details(visible_activities(request.user)), pk=pk)


def _open_for_registration(activity: Activity) -> bool:
    return (
        activity.registration == RegistrationMode.OPEN
        and activity.status == Status.PLANNED
        and activity.ends_at >= timezone.now()
    )


def detail(request: HttpRequest, pk: int, form: RegistrationForm | None = None) -> HttpResponse:
    activity = _activity(request, pk)
    places_left = None if activity.capacity is None else activity.capacity - activity.taken
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "can_manage": request.user.is_authenticated
            and can_manage(request.user, activity.arena),
            "form": form or RegistrationForm(),
            "can_register": _open_for_registration(activity),
            "has_begun": activity.starts_at <= timezone.now(),
            "places_left": places_left,
            "followup": followup_for(request.user, activity),
            "breadcrumb_trail": [{"label": activity.title, "url": ""}],
        },
        status=400 if form is not None else 200,
    )


@require_POST
@ratelimit(
    key="ip", rate=lambda g, r: settings.SAMVERKAN_REGISTRATION_RATE, method="POST", block=True
)
def register_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, form)
    data = form.registration_data()
    if request.user.is_authenticated:
        data.user = request.user
    try:
        registration = register(activity, data)
    except ValidationError as error:
        form.add_service_errors(error)
        return detail(request, pk, form)
    if registration.status == RegistrationStatus.WAITING:
        messages.info(request, _("All places are taken: you are on the waiting list."))
    else:
        messages.success(request, _("You are registered. We have sent you a confirmation."))
    return redirect("activities:registration", token=registration_token(registration))


def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The registration the link names, and its cancellation; nothing else is reachable."""
    found = registration_from_token(token)
    if found is None:
        raise Http404
    if request.method == "POST" and request.POST.get("cancel"):
        cancel_registration(found)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(reverse("activities:registration", kwargs={"token": token}))
    return render(
        request,
        "activities/registration.html",
        {"registration": found, "activity": found.activity, "statuses": RegistrationStatus},
    )
