"""The coordinators' pages for an activity: plan and edit it, mark it as held, cancel it, its
registrations (attendance, exports) and its invitations; and the page an invitation's link opens.

Only the coordinators of the activity's arena (and its admins) reach the management pages: an
activity the reader may not see answers 404, one they see but do not manage 403, so a visitor
learns nothing of internal activities and nothing changes for anyone else.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from samverkan.accounts.roles import is_coordinator
from samverkan.kernel.exporting import write_csv, write_xlsx

from .forms import ActivityForm, AttendanceForm, InvitationForm, InvitedRegistrationForm
from .models import Activity, Invitation, Registration, RegistrationStatus, Status
from .selectors import visible_activities, with_details
from .services import (
    Invited,
    active_registrations,
    activity_cancel,
    activity_held,
    activity_save,
    can_manage,
    invitation_from_token,
    invite,
    mark_attendance,
    register,
    registration_token,
)

PAGE_SIZE = 25
EXPORT_COLUMNS = [
    "name",
    "email",
    "organization",
    "status",
    "dietary",
    "accessibility",
    "registered_at",
    "attended",
]
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _managed(request: HttpRequest, pk: int) -> Activity:
    """The activity, if the reader may see it (else 404) and manage it (else 403)."""
    activity = get_object_or_404(with_details(visible_activities(request.user)), pk=pk)
    if not can_manage(request.user, activity.arena):
        raise PermissionDenied
    return activity


def _trail(activity: Activity, label: str) -> list[dict[str, str]]:
    return [
        {"label": _("Activities"), "url": reverse("activities:list")},
        {"label": activity.title, "url": activity.get_absolute_url()},
        {"label": label, "url": ""},
    ]


def plan(request: HttpRequest) -> HttpResponse:
    """A new activity, for the coordinators of any arena."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    return _edit_page(request, None)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(request, _managed(request, pk))


def _edit_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    form = ActivityForm(request.POST or None, user=request.user, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            saved = activity_save(request.user, form.activity_data(), activity)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect(saved)
    title = _("Edit the activity") if activity else _("Plan an activity")
    return render(
        request,
        "activities/manage/edit.html",
        {
            "form": form,
            "activity": activity,
            "title": title,
            "breadcrumb_trail": _trail(activity, title)
            if activity
            else [
                {"label": _("Activities"), "url": reverse("activities:list")},
                {"label": title, "url": ""},
            ],
        },
        status=400 if form.errors else 200,
    )


@require_POST
def held(request: HttpRequest, pk: int) -> HttpResponse:
    """Only a planned activity is held (the service refuses a cancelled one)."""
    activity = _managed(request, pk)
    if activity.status == Status.PLANNED:
        activity_held(request.user, activity)
        messages.success(request, _("The activity is marked as held."))
    return redirect(activity)


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation step first: cancelling e-mails everyone registered or waiting."""
    activity = _managed(request, pk)
    if request.method == "POST" and request.POST.get("confirm"):
        told = activity_cancel(request.user, activity)
        messages.success(
            request,
            ngettext(
                "The activity is cancelled. %(count)s person is told by e-mail.",
                "The activity is cancelled. %(count)s people are told by e-mail.",
                told,
            )
            % {"count": told},
        )
        return redirect(activity)
    return render(
        request,
        "activities/manage/cancel.html",
        {
            "activity": activity,
            "to_tell": active_registrations(activity).count(),
            "breadcrumb_trail": _trail(activity, _("Cancel the activity")),
        },
    )


def _has_begun(activity: Activity) -> bool:
    return activity.starts_at <= timezone.now() and activity.status != Status.CANCELLED


def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """One list per status, a page at a time; after the start, attendance on the same page."""
    activity = _managed(request, pk)
    status = request.GET.get("status")
    if status not in RegistrationStatus.values:
        status = RegistrationStatus.CONFIRMED
    rows = activity.registrations.filter(status=status).order_by("created_at", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        activity.registrations.values_list("status").annotate(count=Count("pk")).order_by()
    )
    attendance = None
    if status == RegistrationStatus.CONFIRMED and _has_begun(activity):
        attendance = AttendanceForm(registrations=page.object_list)
    return render(
        request,
        "activities/manage/registrations.html",
        {
            "activity": activity,
            "page": page,
            "query": urlencode({"status": status}),
            "status": status,
            "tabs": [
                (value, label, counts.get(value, 0)) for value, label in RegistrationStatus.choices
            ],
            "attendance": attendance,
            "rows": attendance.rows() if attendance else [(r, None) for r in page],
            "breadcrumb_trail": _trail(activity, _("Registrations")),
        },
    )


#: How many rows one attendance form marks at most (a page holds ``PAGE_SIZE``).
MAX_MARKS = 500


@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came, for every row of the page at once; all marks are saved or none."""
    activity = _managed(request, pk)
    back = reverse("activities:registrations", kwargs={"pk": pk})
    page = request.POST.get("page", "")
    back += "?" + urlencode({"status": RegistrationStatus.CONFIRMED, "page": page})
    if not _has_begun(activity):
        messages.error(request, _("Attendance can be marked once the activity has begun."))
        return redirect(back)
    prefix = "attended_"
    ids = [
        int(key.removeprefix(prefix))
        for key in request.POST
        if key.startswith(prefix) and key.removeprefix(prefix).isdigit()
    ][:MAX_MARKS]
    form = AttendanceForm(
        request.POST,
        registrations=activity.registrations.filter(
            status=RegistrationStatus.CONFIRMED, pk__in=ids
        ),
    )
    if not form.is_valid():
        messages.error(request, _("Choose attended, did not come or not marked for each row."))
        return redirect(back)
    marks = form.marks()
    with transaction.atomic():
        for registration, attended in marks:
            mark_attendance(request.user, registration, attended)
    messages.success(
        request,
        ngettext(
            "Attendance saved for %(count)s registration.",
            "Attendance saved for %(count)s registrations.",
            len(marks),
        )
        % {"count": len(marks)},
    )
    return redirect(back)


def _export_row(registration: Registration) -> dict[str, object]:
    attended = {True: "yes", False: "no"}.get(registration.attended, "")
    return {
        "name": registration.name,
        "email": registration.email,
        "organization": registration.organization_name,
        "status": registration.status,
        "dietary": registration.dietary,
        "accessibility": registration.accessibility,
        "registered_at": timezone.localtime(
            registration.created_at, timezone.get_default_timezone()
        ).strftime("%Y-%m-%d %H:%M"),
        "attended": attended,
    }


def export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    """Every registration, cancelled ones too, as CSV or XLSX; a cell that looks like a formula
    stays text (see :mod:`samverkan.kernel.exporting`)."""
    if format not in EXPORT_TYPES:
        raise Http404
    activity = _managed(request, pk)
    rows = map(_export_row, activity.registrations.order_by("created_at", "pk").iterator())
    if format == "csv":
        text = io.StringIO()
        write_csv(EXPORT_COLUMNS, rows, text)
        body = text.getvalue().encode("utf-8-sig")  # the mark tells spreadsheets it is UTF-8
    else:
        binary = io.BytesIO()
        write_xlsx(EXPORT_COLUMNS, rows, binary)
        body = binary.getvalue()
    response = HttpResponse(body, content_type=EXPORT_TYPES[format])
    name = f"{slugify(activity.title) or 'activity'}-{slugify(_('registrations'))}.{format}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _invitations(activity: Activity) -> QuerySet[Invitation]:
    """The activity's invitations, newest first, each with whether its address registered."""
    registered = active_registrations(activity).filter(email=OuterRef("email"))
    return (
        activity.invitations.select_related("person")
        .annotate(registered=Exists(registered))
        .order_by("-created_at", "-pk")
    )


def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = invite(
                request.user,
                activity,
                list(form.cleaned_data["people"]),
                form.cleaned_data["emails"],
            )
        except ValidationError as error:
            for name, problems in error.update_error_dict({}).items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            _report(request, result)
            return redirect("activities:invitations", pk=pk)
    page: Page = Paginator(_invitations(activity), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/manage/invitations.html",
        {
            "activity": activity,
            "form": form,
            "page": page,
            "breadcrumb_trail": _trail(activity, _("Invitations")),
        },
        status=400 if form.errors else 200,
    )


def _report(request: HttpRequest, result: Invited) -> None:
    messages.success(
        request,
        ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", result.invited)
        % {"count": result.invited},
    )
    if result.already:
        messages.info(
            request,
            ngettext(
                "%(count)s address was invited before and got no new e-mail.",
                "%(count)s addresses were invited before and got no new e-mail.",
                result.already,
            )
            % {"count": result.already},
        )
    if result.without_email:
        messages.warning(
            request,
            _("No e-mail address in the directory for: %(names)s")
            % {"names": ", ".join(result.without_email)},
        )


@ratelimit(
    key="ip", rate=lambda g, r: settings.SAMVERKAN_REGISTRATION_RATE, method="POST", block=True
)
def invitation(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The page an invitation's link opens: registration with the invited address. The link is
    the key, so it opens internal activities too, but only the activity it was made for."""
    activity = get_object_or_404(with_details(Activity.objects.all()), pk=pk)
    found = invitation_from_token(activity, token)
    if found is None:
        raise Http404
    form = InvitedRegistrationForm(
        request.POST or None, email=found.email, initial={"name": found.name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.registration_data()
        data.person = found.person
        if request.user.is_authenticated:
            data.user = request.user
        try:
            registration = register(activity, data, invited=True)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("You are registered. We have sent you a confirmation."))
            return redirect("activities:registration", token=registration_token(registration))
    registered = active_registrations(activity).filter(email=found.email).exists()
    return render(
        request,
        "activities/manage/invitation.html",
        {
            "activity": activity,
            "invitation": found,
            "form": form,
            "registered": registered,
            "open": activity.status == Status.PLANNED and activity.ends_at >= timezone.now(),
        },
        status=400 if form.errors else 200,
    )
