"""The register of collaborations: list with filters, detail, and editing."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.roles import is_coordinator, is_partner
from samverkan.directory.visibility import visible_people

from .forms import CollaborationEditForm, CollaborationFilterForm
from .models import Collaboration
from .selectors import visible_collaborations, with_details
from .services import collaboration_approve as approve
from .services import collaboration_propose, collaboration_register


def filtered(request: HttpRequest, form: CollaborationFilterForm) -> QuerySet[Collaboration]:
    collaborations = visible_collaborations(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            collaborations = collaborations.filter(
                Q(title_sv__icontains=data["q"])
                | Q(title_en__icontains=data["q"])
                | Q(description_sv__icontains=data["q"])
            )
        if data["kommun"]:
            collaborations = collaborations.filter(
                parties__organization__municipality__code=data["kommun"]
            )
        if data["university"]:
            collaborations = collaborations.filter(parties__organization=data["university"])
        if data["form"]:
            collaborations = collaborations.filter(form=data["form"])
        if data["goal"]:
            collaborations = collaborations.filter(goals=data["goal"])
        if data["status"]:
            collaborations = collaborations.filter(status=data["status"])
    return with_details(collaborations.distinct()).order_by("-starts_on", "title_sv", "pk")


def collaboration_list(request: HttpRequest) -> HttpResponse:
    form = CollaborationFilterForm(request.GET)
    page = Paginator(filtered(request, form), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "collaborations/collaboration_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": is_coordinator(request.user) or is_partner(request.user),
        },
    )


def collaboration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = get_object_or_404(
        with_details(visible_collaborations(request.user)).prefetch_related(
            "links", "people__affiliations__organization"
        ),
        pk=pk,
    )
    people = list(collaboration.people.all())
    # Only people the reader may see are named; the others are counted (consent, GDPR).
    named = set(
        visible_people(request.user)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "collaborations/collaboration_detail.html",
        {
            "collaboration": collaboration,
            "parties": list(collaboration.parties.all()),
            "people": [person for person in people if person.pk in named],
            "unnamed": sum(person.pk not in named for person in people),
            "can_edit": is_coordinator(request.user),
            "breadcrumb_trail": [
                {"label": _("Collaborations"), "url": reverse("collaborations:list")},
                {"label": collaboration.title, "url": ""},
            ],
        },
    )


def collaboration_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Coordinators create and edit; partner users propose additions for their organisation."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    coordinator = is_coordinator(request.user)
    if not coordinator and (pk is not None or not is_partner(request.user)):
        raise PermissionDenied
    collaboration = get_object_or_404(Collaboration, pk=pk) if pk else None
    form = CollaborationEditForm(request.POST or None, instance=collaboration, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.collaboration_data()
        try:
            if coordinator:
                collaboration = collaboration_register(request.user, data, collaboration)
            else:
                collaboration = collaboration_propose(request.user, data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("The collaboration has been saved.")
                if coordinator
                else _(
                    "Thank you. A coordinator will review the collaboration before it is shown."
                ),
            )
            return redirect(collaboration)
    return render(
        request,
        "collaborations/collaboration_edit.html",
        {"form": form, "collaboration": collaboration, "coordinator": coordinator},
    )


@require_POST
def collaboration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = approve(request.user, get_object_or_404(Collaboration, pk=pk))
    messages.success(request, _("The collaboration is approved and shown to everyone."))
    return redirect(collaboration)
