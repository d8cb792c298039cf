"""The needs' part of an organisation's timeline: the needs it sent, by the day they were sent,
as the reader may see them (``permissions.visible_needs``: the public challenges for everyone)."""

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel import timeline
from samverkan.kernel.searchable import AnyUser

from .models import Status
from .permissions import visible_needs


def need_rows(organization_ids: timeline.OrganizationIds, user: AnyUser) -> QuerySet:
    """Needs from the organisations, or from the municipality one of them is."""
    needs = visible_needs(user).filter(
        Q(organization_id__in=organization_ids)
        | Q(municipality__organization__in=organization_ids),
        status=Status.OPEN,
        submitted_at__isnull=False,
    )
    return timeline.timeline_rows(
        needs,
        date=TruncDate("submitted_at"),
        title_sv=F("title"),
        key=F("reference"),
        event=Case(
            When(is_public=True, then=Value("public")),
            default=Value("sent"),
            output_field=CharField(),
        ),
        detail_sv=F("reference"),
    )


def need_url(reference: str) -> str:
    return reverse("needs:detail", kwargs={"reference": reference})


SOURCE = timeline.TimelineSource(
    kind="need",
    name=_("Needs"),
    label=_("Need sent"),
    rows=need_rows,
    url=need_url,
    events={"public": _("Public challenge")},
    order=20,
)


def register_timeline() -> None:
    timeline.register(SOURCE)
