"""The directory's part of an organisation's timeline, and the organisations a timeline is about.

Entries: designated contacts made for or by the organisation (from the day they start, or were
recorded) and ended (on their last day, once it has come). A visitor sees only the people the
directory shows them, so every entry's link works."""

from django.db.models import Case, CharField, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.kernel import timeline
from samverkan.kernel.searchable import AnyUser

from .models import ContactAssignment, ContactRole, Organization
from .visibility import visible_people


def organization_ids(organization: Organization) -> QuerySet:
    """The organisation and its units two levels down (faculty, department), as the people
    list of its page counts them: a subquery, so it costs no query of its own."""
    return Organization.objects.filter(
        Q(pk=organization.pk) | Q(parent_id=organization.pk) | Q(parent__parent_id=organization.pk)
    ).values("pk")


def latest_for(user: AnyUser, organization: Organization | None) -> list[timeline.Entry]:
    """The short timeline of an organisation's (or municipality's) page: one query."""
    if organization is None:
        return []
    return timeline.latest(organization_ids(organization), user)


def _name(prefix: str, language: str) -> F | Coalesce:
    if language == "sv":
        return F(f"{prefix}__name_sv")
    return Coalesce(NullIf(f"{prefix}__name_en", Value("")), f"{prefix}__name_sv")


def _between(language: str) -> Case:
    """Who the person represents towards whom ("Högskolan i Borås", an en dash, "Tranemo
    kommun"), in the reader's language."""
    return Case(
        When(counterpart__isnull=True, then=_name("organization", language)),
        default=Concat(
            _name("organization", language),
            Value(" \u2013 "),
            _name("counterpart", language),
            output_field=CharField(),
        ),
        output_field=CharField(),
    )


def _event(ending: str) -> Case:
    return Case(
        When(role=ContactRole.UNIVERSITY_COORDINATOR, then=Value(f"coordinator_{ending}")),
        default=Value(ending),
        output_field=CharField(),
    )


def contact_rows(organization_ids: timeline.OrganizationIds, user: AnyUser) -> list[QuerySet]:
    assignments = ContactAssignment.objects.filter(
        Q(organization_id__in=organization_ids) | Q(counterpart_id__in=organization_ids),
        person__in=visible_people(user),
    )
    columns = {
        "title_sv": Concat("person__first_name", Value(" "), "person__last_name"),
        "key": Cast("person_id", CharField()),
        "detail_sv": _between("sv"),
        "detail_en": _between("en"),
    }
    started = timeline.timeline_rows(
        assignments,
        date=Coalesce("start_date", TruncDate("created_at"), output_field=DateField()),
        event=_event("start"),
        **columns,
    )
    ended = timeline.timeline_rows(
        assignments.filter(end_date__lte=timezone.localdate()),
        date=F("end_date"),
        event=_event("end"),
        **columns,
    )
    return [started, ended]


def person_url(key: str) -> str:
    return reverse("directory:person", kwargs={"pk": int(key)})


SOURCE = timeline.TimelineSource(
    kind="contact",
    name=_("Designated contacts"),
    label=_("New contact person"),
    rows=contact_rows,
    url=person_url,
    events={
        "end": _("Ended as contact person"),
        "coordinator_start": _("New university coordinator"),
        "coordinator_end": _("Ended as university coordinator"),
    },
    order=40,
)


def register_timeline() -> None:
    timeline.register(SOURCE)
