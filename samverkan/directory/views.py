"""Organisation directory, people search, person pages, profile editing, designated contacts and
merging duplicates. Rules live in services, visibility, contacts and merge."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.collaborations.selectors import collaboration_context
from samverkan.places.models import Municipality

from .contacts import active, assignments_with_people
from .duplicates import duplicate_organizations, duplicate_people
from .filters import OrganizationFilterForm, filter_organizations
from .forms import (
    BulkAssignmentForm,
    ContactAssignmentForm,
    MergeForm,
    PeopleSearchForm,
    PersonDetailsForm,
    ProfileForm,
)
from .merge import merge_organizations, merge_people
from .models import ContactAssignment, ExpertProfile, Organization, Person
from .people_search import PeopleQuery, load_people, search_people
from .services import assign_contact, assign_contact_in_bulk, end_assignment, profile_update
from .timeline import latest_for
from .visibility import (
    can_edit_person,
    can_manage_directory,
    can_view_person,
    can_view_profile,
    is_own,
    visible_people,
)

PAGE_SIZE = 20


def require_directory_manager(request: HttpRequest) -> HttpResponse | None:
    """Coordinators and admins only: visitors are sent to log in, others refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_directory(request.user):
        raise PermissionDenied
    return None


def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    organizations = filter_organizations(form)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/organization_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.select_related("parent", "municipality", "association", "seat"),
        slug=slug,
    )
    units = list(
        organization.units.annotate(people_count=Count("affiliations")).prefetch_related(
            Prefetch("units", queryset=Organization.objects.order_by("name_sv"))
        )
    )
    offices = [unit for unit in units if unit.is_collaboration_office]
    in_tree = (
        Q(affiliations__organization=organization)
        | Q(affiliations__organization__parent=organization)
        | Q(affiliations__organization__parent__parent=organization)
    )
    people = (
        visible_people(request.user).filter(in_tree).distinct().order_by("last_name", "first_name")
    )
    page = Paginator(people.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    details = load_people(list(page.object_list))
    contacts = list(
        assignments_with_people()
        .filter(active())
        .filter(Q(organization=organization) | Q(counterpart=organization))
        .order_by("counterpart__name_sv", "person__last_name")
    )
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "units": units,
            "offices": offices,
            "page": page,
            "people": [details[pk] for pk in page.object_list],
            "represents": [c for c in contacts if c.organization_id == organization.pk],
            "contacts_for": [c for c in contacts if c.counterpart_id == organization.pk],
            **collaboration_context(request.user, organization),
            "timeline": latest_for(request.user, organization),
            "breadcrumb_trail": [
                {"label": _("Organisations"), "url": reverse("directory:organization_list")},
                *(
                    [
                        {
                            "label": organization.parent.name,
                            "url": organization.parent.get_absolute_url(),
                        }
                    ]
                    if organization.parent
                    else []
                ),
                {"label": organization.name, "url": ""},
            ],
        },
    )


def people_search(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    query = PeopleQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = PeopleQuery(
            text=data["q"],
            organization=data["organization"],
            goal=data["goal"],
            form=data["form"],
            language=data["language"],
            experts_only=data["experts_only"],
        )
    results = search_people(request.user, query)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    details = load_people([result.person_id for result in page.object_list])
    rows = [
        {
            "person": details[result.person_id],
            "result": result,
            "profile_visible": _profile_if_visible(request, details[result.person_id]),
        }
        for result in page.object_list
    ]
    template = (
        "directory/includes/people_results.html"
        if request.headers.get("HX-Request")
        else "directory/people_search.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
            "query_string": _query_without_page(request),
            "searched": bool(request.GET),
            "can_manage": can_manage_directory(request.user),
        },
    )


def _profile_if_visible(request: HttpRequest, person: Person) -> ExpertProfile | None:
    profile = getattr(person, "profile", None)
    if profile is not None and can_view_profile(request.user, profile):
        return profile
    return None


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = load_people([pk]).get(pk)
    if person is None or not can_view_person(request.user, person):
        raise Http404(_("No such person."))
    contacts = list(
        assignments_with_people().filter(active(), person=person).order_by("counterpart__name_sv")
    )
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "profile": _profile_if_visible(request, person),
            "contacts": contacts,
            "can_edit": can_edit_person(request.user, person),
        },
    )


def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_person(request.user, person):
        raise PermissionDenied
    profile = ExpertProfile.objects.filter(person=person).first() or ExpertProfile(person=person)
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(
        data, instance=profile, prefix="profile", own=is_own(request.user, person)
    )
    details_form = PersonDetailsForm(data, instance=person, prefix="person")
    if request.method == "POST" and profile_form.is_valid() and details_form.is_valid():
        try:
            with transaction.atomic():
                details_form.save()
                profile_update(
                    request.user,
                    person,
                    profile_form.profile_data(),
                    consent=profile_form.cleaned_data["consent"],
                )
        except ValidationError as error:
            profile_form.add_service_errors(error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect(person)
    return render(
        request,
        "directory/profile_edit.html",
        {"person": person, "profile_form": profile_form, "details_form": details_form},
    )


def contact_assign(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code)
    if refusal := require_directory_manager(request):
        return refusal
    form = ContactAssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = assign_contact(
                form.cleaned_data["person"],
                municipality,
                form.cleaned_data["role"],
                form.cleaned_data["start_date"],
                form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            form.add_error("person", error)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s for %(municipality)s.")
                % {
                    "person": assignment.person,
                    "role": assignment.get_role_display().lower(),
                    "municipality": municipality.organization_name,
                },
            )
            return redirect(municipality)
    return render(
        request, "directory/contact_form.html", {"municipality": municipality, "form": form}
    )


@require_POST
def contact_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(ContactAssignment, pk=pk)
    if refusal := require_directory_manager(request):
        return refusal
    end_assignment(assignment)
    messages.success(
        request, _("%(person)s is no longer a designated contact.") % {"person": assignment.person}
    )
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/") and not next_url.startswith("//") else "/")


def contact_bulk(request: HttpRequest) -> HttpResponse:
    if refusal := require_directory_manager(request):
        return refusal
    form = BulkAssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        area = form.cleaned_data["association"] or form.cleaned_data["county"]
        municipalities = list(
            area.members.all() if form.cleaned_data["association"] else area.municipalities.all()
        )
        try:
            assigned, skipped = assign_contact_in_bulk(
                form.cleaned_data["person"], municipalities, form.cleaned_data["start_date"]
            )
        except ValidationError as error:
            form.add_error("person", error)
        else:
            messages.success(
                request,
                _(
                    "%(person)s is now the contact for %(assigned)d municipalities in %(area)s "
                    "(%(skipped)d already were)."
                )
                % {
                    "person": form.cleaned_data["person"],
                    "assigned": assigned,
                    "skipped": skipped,
                    "area": area,
                },
            )
            return redirect("directory:contact_bulk")
    return render(request, "directory/contact_bulk.html", {"form": form})


def duplicates(request: HttpRequest) -> HttpResponse:
    if refusal := require_directory_manager(request):
        return refusal
    return render(
        request,
        "directory/duplicates.html",
        {"people": duplicate_people(), "organizations": duplicate_organizations()},
    )


def merge(request: HttpRequest, kind: str) -> HttpResponse:
    if refusal := require_directory_manager(request):
        return refusal
    model = {"people": Person, "organizations": Organization}.get(kind)
    if model is None:
        raise Http404
    form = MergeForm(request.POST or request.GET or None)
    if not form.is_valid():
        raise Http404
    keep = get_object_or_404(model, pk=form.cleaned_data["keep"])
    other = get_object_or_404(model, pk=form.cleaned_data["other"])
    if keep.pk == other.pk:
        raise Http404
    if request.method == "POST":
        merged = merge_people(keep, other) if model is Person else merge_organizations(keep, other)
        messages.success(
            request, _("The records have been merged into %(name)s.") % {"name": merged}
        )
        return redirect(merged)
    return render(
        request,
        "directory/merge_confirm.html",
        {"kind": kind, "keep": keep, "other": other, "form": form},
    )
