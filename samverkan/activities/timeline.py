"""The activities' part of an organisation's timeline: what it hosts or takes part in, by the
day it starts, as the reader may see it (internal ones for their arena's coordinators only)."""

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel import timeline
from samverkan.kernel.searchable import AnyUser

from .models import Activity, Status
from .selectors import visible_activities


def activity_rows(organization_ids: timeline.OrganizationIds, user: AnyUser) -> QuerySet:
    involved = Activity.organizations.through.objects.filter(
        organization_id__in=organization_ids
    ).values("activity_id")
    activities = visible_activities(user).filter(
        Q(host_id__in=organization_ids) | Q(pk__in=involved)
    )
    return timeline.timeline_rows(
        activities,
        date=TruncDate("starts_at"),
        title_sv=F("title_sv"),
        title_en=F("title_en"),
        event=Case(
            When(status=Status.CANCELLED, then=Value("cancelled")),
            When(is_public=False, then=Value("internal")),
            default=Value("activity"),
            output_field=CharField(),
        ),
        detail_sv=F("kind__name_sv"),
        detail_en=F("kind__name_en"),
    )


def activity_url(key: str) -> str:
    return reverse("activities:detail", kwargs={"pk": int(key)})


SOURCE = timeline.TimelineSource(
    kind="activity",
    name=_("Activities"),
    label=_("Activity"),
    rows=activity_rows,
    url=activity_url,
    events={"internal": _("Internal activity"), "cancelled": _("Cancelled activity")},
    order=10,
)


def register_timeline() -> None:
    timeline.register(SOURCE)
