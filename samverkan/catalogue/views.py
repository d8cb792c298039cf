"""The forms of collaboration and their guides."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from samverkan.collaborations.models import Review, Status
from samverkan.collaborations.selectors import visible_collaborations, with_details
from samverkan.directory.contacts import contacts_for_municipality
from samverkan.directory.models import Organization, OrganizationKind
from samverkan.directory.visibility import can_manage_directory
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .forms import (
    GuideForm,
    InterestForm,
    MunicipalityChoiceForm,
    OfferingFilterForm,
    OfferingForm,
    StudentFilterForm,
)
from .models import STUDENT_FORMS, Audience, CollaborationForm, Offering
from .permissions import can_edit_offering, posting_organizations, visible_offerings
from .selectors import filtered_offerings, student_offerings
from .services import offering_save

SECTION_TITLES = {
    "what": gettext_lazy("What it is"),
    "gives": gettext_lazy("What it gives your municipality"),
    "steps": gettext_lazy("How to go about it"),
    "lead_time": gettext_lazy("How long it takes"),
    "cost": gettext_lazy("What it costs"),
    "rules": gettext_lazy("Rules that apply"),
    "who": gettext_lazy("Who to ask"),
}

# Guides whose reader is often ready to act: the offering form, prefilled with the guide's form.
POST_LABELS = {
    "degree-project": gettext_lazy("Post a thesis topic"),
    "commissioned-education": gettext_lazy("Post commissioned education"),
}


def reader_municipality(request: HttpRequest) -> Municipality | None:
    """The municipality the reader chose (``?kommun=``) or works for."""
    code = request.GET.get("kommun", "")
    if code:
        return Municipality.objects.filter(code=code).first()
    organization = getattr(request.user, "organization", None)
    return organization.municipality if organization and organization.municipality_id else None


def form_list(request: HttpRequest) -> HttpResponse:
    """What can we do together? Explore by form, goal or university, with real examples."""
    municipality = reader_municipality(request)
    return render(
        request,
        "catalogue/form_list.html",
        {
            "forms": CollaborationForm.objects.annotate(
                example_count=Count(
                    "collaborations", filter=Q(collaborations__review=Review.APPROVED)
                )
            ).order_by("position"),
            "goals": Goal.objects.all(),
            "universities": Organization.objects.filter(
                kind=OrganizationKind.UNIVERSITY,
                parent__isnull=True,
                collaboration_parties__collaboration__review=Review.APPROVED,
            )
            .annotate(collaboration_count=Count("collaboration_parties", distinct=True))
            .order_by("name_sv"),
            "municipality": municipality,
            "examples": examples_for(request, municipality),
            "choice_form": MunicipalityChoiceForm(
                initial={"kommun": municipality.code if municipality else None}
            ),
        },
    )


def examples_for(
    request: HttpRequest,
    municipality: Municipality | None,
    count: int = 6,
    form: CollaborationForm | None = None,
) -> list:
    """Earlier collaborations as examples, those of similar municipalities first: in the same
    association of local authorities, then in the same county."""
    examples = visible_collaborations(request.user).filter(
        status__in=[Status.COMPLETED, Status.ONGOING]
    )
    if form is not None:
        examples = examples.filter(form=form)
    examples = with_details(examples).order_by("-ends_on", "-starts_on", "pk")
    chosen: list = []
    if municipality is not None:
        similar = [
            examples.filter(
                parties__organization__municipality__associations__members=municipality
            ),
            examples.filter(parties__organization__municipality__county=municipality.county_id),
        ]
        for queryset in similar:
            taken = [c.pk for c in chosen]
            chosen += list(queryset.exclude(pk__in=taken).distinct()[: count - len(chosen)])
    taken = [c.pk for c in chosen]
    chosen += list(examples.exclude(pk__in=taken).distinct()[: count - len(chosen)])
    return chosen


def form_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration_form = get_object_or_404(CollaborationForm, slug=slug)
    municipality = reader_municipality(request)
    sections = [
        {"key": key, "title": str(SECTION_TITLES[key]), "text": text}
        for key, text in collaboration_form.guide()
    ]
    return render(
        request,
        "catalogue/form_detail.html",
        {
            "form_obj": collaboration_form,
            "sections": sections,
            "municipality": municipality,
            "contacts": contacts_for_municipality(municipality) if municipality else None,
            "choice_form": MunicipalityChoiceForm(
                initial={"kommun": municipality.code if municipality else None}
            ),
            "can_edit": can_manage_directory(request.user),
            "for_students": collaboration_form.slug in STUDENT_FORMS,
            "post_label": POST_LABELS.get(collaboration_form.slug),
            "others": CollaborationForm.objects.exclude(pk=collaboration_form.pk),
            "offerings": Offering.objects.public()
            .filter(form=collaboration_form)
            .select_related("form", "organization__parent__parent")
            .prefetch_related("goals")[:5],
            "examples": examples_for(request, municipality, 4, collaboration_form),
            "breadcrumb_trail": [
                {"label": _("Forms of collaboration"), "url": reverse("catalogue:forms")},
                {"label": collaboration_form.name, "url": ""},
            ],
        },
    )


def form_edit(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration_form = get_object_or_404(CollaborationForm, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_directory(request.user):
        raise PermissionDenied
    form = GuideForm(request.POST or None, instance=collaboration_form)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The guide has been saved."))
        return redirect(collaboration_form)
    return render(
        request, "catalogue/form_edit.html", {"form_obj": collaboration_form, "form": form}
    )


def offering_list(request: HttpRequest) -> HttpResponse:
    form = OfferingFilterForm(request.GET or None)
    offerings = filtered_offerings(visible_offerings(request.user), form)
    page = Paginator(offerings, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/offering_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_post": posting_organizations(request.user).exists(),
        },
    )


def students(request: HttpRequest) -> HttpResponse:
    """For students: open thesis topics and student projects, by subject, level and municipality."""
    form = StudentFilterForm(request.GET or None)
    page = Paginator(student_offerings(form), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/students.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@ratelimit(key="ip", rate="20/h", method="POST", block=True)
def offering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(
        visible_offerings(request.user).select_related(
            "form", "organization__parent__parent", "contact"
        ),
        pk=pk,
    )
    can_edit = can_edit_offering(request.user, offering)
    interest_form = InterestForm(request.POST or None)
    if request.method == "POST":
        if not offering.is_public:
            raise PermissionDenied
        if interest_form.is_valid():
            interest = interest_form.save(commit=False)
            interest.offering = offering
            interest.user = request.user if request.user.is_authenticated else None
            interest.save()
            messages.success(request, _("Thank you. The poster will contact you."))
            return redirect(offering)
    return render(
        request,
        "catalogue/offering_detail.html",
        {
            "offering": offering,
            "can_edit": can_edit,
            "interest_form": interest_form,
            "interests": offering.interests.all() if can_edit else [],
            "breadcrumb_trail": [
                {"label": _("Offerings"), "url": reverse("catalogue:offerings")},
                {"label": offering.title, "url": ""},
            ],
        },
    )


def prefilled(request: HttpRequest) -> dict:
    """A new offering of the kind the link names (``?form=degree-project``, from a guide); thesis
    topics and student projects are for students."""
    form = CollaborationForm.objects.filter(slug=request.GET.get("form", "")).first()
    if form is None:
        return {}
    if form.slug in STUDENT_FORMS:
        return {"form": form, "audience": Audience.STUDENTS}
    return {"form": form}


def offering_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organizations = posting_organizations(request.user)
    offering = get_object_or_404(Offering, pk=pk) if pk else None
    if (offering and not can_edit_offering(request.user, offering)) or not organizations.exists():
        raise PermissionDenied
    form = OfferingForm(
        request.POST or None,
        instance=offering,
        user=request.user,
        initial=None if offering else prefilled(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            offering = offering_save(request.user, form.offering_data(), offering)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The offering has been saved."))
            return redirect(offering)
    return render(request, "catalogue/offering_edit.html", {"form": form, "offering": offering})
