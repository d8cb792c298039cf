"""Activities made through the services, as a coordinator would make them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from samverkan.activities.models import Activity, ActivityKind, RegistrationMode
from samverkan.activities.services import ActivityData, activity_save
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def next_year(month: int, day: int, hour: int) -> datetime:
    """A time in Stockholm next year, so the activity is always ahead."""
    return datetime(datetime.now().year + 1, month, day, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def make_activity(db):
    """``make_activity(**fields)``: a workshop of the University of Borås's arena."""

    def make(**fields) -> Activity:
        starts = fields.pop("starts_at", next_year(10, 14, 9))
        data = ActivityData(
            title_sv=fields.pop("title_sv", "Workshop om kompetensförsörjning"),
            kind=fields.pop("kind", ActivityKind.objects.get(slug="workshop", arena=None)),
            starts_at=starts,
            ends_at=fields.pop("ends_at", starts + timedelta(hours=3)),
            host=fields.pop("host", Organization.objects.get(slug="hb")),
            arena=fields.pop("arena", Arena.objects.get(slug="hb-kommunsamverkan")),
            registration=fields.pop("registration", RegistrationMode.OPEN),
            **fields,
        )
        return activity_save(None, data)

    return make
