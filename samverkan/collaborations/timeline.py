"""The collaborations' part of an organisation's timeline: those it is a party to, by the day
they start (or, without a start, the day they were registered), as the reader may see them."""

from django.db.models import Case, CharField, DateField, F, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.kernel import timeline
from samverkan.kernel.searchable import AnyUser

from .models import CollaborationParty, Review
from .selectors import visible_collaborations


def collaboration_rows(organization_ids: timeline.OrganizationIds, user: AnyUser) -> QuerySet:
    parties = CollaborationParty.objects.filter(organization_id__in=organization_ids).values(
        "collaboration_id"
    )
    return timeline.timeline_rows(
        visible_collaborations(user).filter(pk__in=parties),
        date=Coalesce("starts_on", TruncDate("created_at"), output_field=DateField()),
        title_sv=F("title_sv"),
        title_en=F("title_en"),
        event=Case(
            When(review=Review.PROPOSED, then=Value("proposed")),
            default=Value("collaboration"),
            output_field=CharField(),
        ),
        detail_sv=F("form__name_sv"),
        detail_en=F("form__name_en"),
    )


def collaboration_url(key: str) -> str:
    return reverse("collaborations:detail", kwargs={"pk": int(key)})


SOURCE = timeline.TimelineSource(
    kind="collaboration",
    name=_("Collaborations"),
    label=_("Collaboration"),
    rows=collaboration_rows,
    url=collaboration_url,
    events={"proposed": _("Proposed collaboration")},
    order=30,
)


def register_timeline() -> None:
    timeline.register(SOURCE)
