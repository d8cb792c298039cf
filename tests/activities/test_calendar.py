"""Activities as iCalendar: times across summer time, the stable UID and rising SEQUENCE,
cancellation, who sees which .ics and what the feeds hold."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.activities.calendar import activity_calendar
from samverkan.activities.models import Activity, ActivityKind
from samverkan.activities.services import ActivityData, activity_cancel, activity_save
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization

STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _data(title: str, starts_at: datetime, ends_at: datetime, **changes: object) -> ActivityData:
    fields: dict = {
        "kind": ActivityKind.objects.get(slug="workshop", arena=None),
        "host": Organization.objects.get(slug="hb"),
        "arena": Arena.objects.get(slug="hb-kommunsamverkan"),
        **changes,
    }
    return ActivityData(title_sv=title, starts_at=starts_at, ends_at=ends_at, **fields)


def _activity(title: str, starts_at: datetime, hours: int = 2, **changes: object) -> Activity:
    return activity_save(
        None, _data(title, starts_at, starts_at + timedelta(hours=hours), **changes)
    )


def _soon(days: int = 7) -> datetime:
    return timezone.now().replace(microsecond=0) + timedelta(days=days)


def _events(body: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def _event(body: bytes) -> icalendar.Event:
    [event] = _events(body)
    return event


def _uid(activity: Activity) -> str:
    return f"{activity.uid}@samverkan"


@pytest.mark.parametrize(
    ("local_start", "utc_start", "utc_end"),
    [
        # The last Sunday of October: summer time ends at 03:00, so 10:00 is already CET (+01).
        (datetime(2026, 10, 25, 10), datetime(2026, 10, 25, 9), datetime(2026, 10, 25, 11)),
        # Summer time (CEST, +02).
        (datetime(2026, 6, 3, 9), datetime(2026, 6, 3, 7), datetime(2026, 6, 3, 9)),
    ],
)
def test_times_are_stockholm_time_with_tzid_and_convert_to_the_right_utc(
    local_start: datetime, utc_start: datetime, utc_end: datetime
) -> None:
    activity = _activity("Workshop", local_start.replace(tzinfo=STOCKHOLM))
    event = _event(activity_calendar([activity], "Workshop"))

    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART").replace(tzinfo=None) == local_start
    assert event.decoded("DTSTART").astimezone(UTC) == utc_start.replace(tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == utc_end.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("local_start", "utc_start"),
    [
        (datetime(2026, 10, 25, 10), datetime(2026, 10, 25, 9)),
        (datetime(2026, 6, 3, 9), datetime(2026, 6, 3, 7)),
    ],
)
def test_the_calendars_own_vtimezone_gives_the_right_utc(
    local_start: datetime, utc_start: datetime
) -> None:
    """A client that knows no zone names reads the offsets from the VTIMEZONE alone."""
    activity = _activity("Workshop", local_start.replace(tzinfo=STOCKHOLM))
    calendar = icalendar.Calendar.from_ical(activity_calendar([activity], "Workshop"))

    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Stockholm"
    in_vtimezone = local_start.replace(tzinfo=vtimezone.to_tz())
    assert in_vtimezone.astimezone(UTC) == utc_start.replace(tzinfo=UTC)


def test_a_calendar_without_activities_still_has_a_component() -> None:
    """RFC 5545 wants at least one component: the time zone, for a feed with no events yet."""
    calendar = icalendar.Calendar.from_ical(activity_calendar([], "Tom"))

    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"


def test_the_calendar_names_itself_and_its_producer() -> None:
    activity = _activity("Nätverksträff", _soon())
    calendar = icalendar.Calendar.from_ical(activity_calendar([activity], "Nätverksträff"))

    assert calendar["PRODID"] == "-//Samverkan//Activities//SV"
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "Nätverksträff"


def test_the_event_carries_what_the_activity_says() -> None:
    activity = _activity(
        "Workshop om kompetensförsörjning",
        _soon(),
        description_sv="<p>Vi pratar om <strong>bemanning</strong> &amp; rekrytering.</p>",
        address="Allégatan 1, Borås",
        online_url="https://meet.example.se/abc",
    )
    event = _event(activity_calendar([activity], "x"))

    assert event["UID"] == _uid(activity)
    assert event["SUMMARY"] == "Workshop om kompetensförsörjning"
    assert event["DESCRIPTION"] == "Vi pratar om bemanning & rekrytering."
    assert event["LOCATION"] == "Allégatan 1, Borås, https://meet.example.se/abc"
    assert event["URL"].endswith(reverse("activities:detail", kwargs={"pk": activity.pk}))
    assert event["URL"].startswith("http")
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTAMP") == activity.updated_at.astimezone(UTC).replace(microsecond=0)


def test_a_change_keeps_the_uid_and_raises_the_sequence() -> None:
    starts_at = _soon()
    activity = _activity("Workshop", starts_at)
    before = _event(activity_calendar([activity], "x"))

    changed = activity_save(
        None,
        _data("Workshop, ny tid", starts_at + timedelta(hours=1), starts_at + timedelta(hours=3)),
        activity,
    )
    after = _event(activity_calendar([changed], "x"))

    assert after["UID"] == before["UID"] == _uid(activity)
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert after["SUMMARY"] == "Workshop, ny tid"


def test_a_cancelled_activity_is_cancelled_in_the_calendar() -> None:
    activity = _activity("Workshop", _soon())
    sequence = activity.sequence
    activity_cancel(None, activity)

    event = _event(activity_calendar([activity], "x"))

    assert event["STATUS"] == "CANCELLED"
    assert event.decoded("SEQUENCE") == sequence + 1


def test_a_feed_is_text_calendar_and_an_unchanged_one_is_not_sent_again(client) -> None:
    _activity("Workshop", _soon())
    url = reverse("activities:arena_feed", kwargs={"slug": "hb-kommunsamverkan"})

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in first
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_feed_is_sent_again_with_a_new_etag(client) -> None:
    activity = _activity("Workshop", _soon())
    url = reverse("activities:arena_feed", kwargs={"slug": "hb-kommunsamverkan"})
    first = client.get(url)

    activity_cancel(None, activity)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_one_activity_is_a_download(client) -> None:
    activity = _activity("Workshop om välfärd", _soon())

    response = client.get(reverse("activities:ics", kwargs={"pk": activity.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="workshop-om-valfard.ics"'
    assert _event(response.content)["UID"] == _uid(activity)


@pytest.mark.parametrize(("role", "status"), [(None, 404), ("partner", 404), ("coordinator", 200)])
def test_an_internal_activitys_ics_is_for_its_arenas_coordinators_only(
    client_as, role: str | None, status: int
) -> None:
    activity = _activity("Intern planering", _soon(), is_public=False)

    response = client_as(role).get(reverse("activities:ics", kwargs={"pk": activity.pk}))

    assert response.status_code == status


def test_the_organisation_feed_lists_only_public_activities(client) -> None:
    hosted = _activity("Öppen workshop", _soon())
    internal = _activity("Intern planering", _soon(), is_public=False)
    involved = activity_save(
        None,
        _data(
            "Hos GU, med HB",
            _soon(),
            _soon() + timedelta(hours=2),
            host=Organization.objects.get(slug="gu"),
            organizations=[Organization.objects.get(slug="hb")],
        ),
    )

    response = client.get(reverse("activities:organization_feed", kwargs={"slug": "hb"}))

    uids = {str(event["UID"]) for event in _events(response.content)}
    assert {_uid(hosted), _uid(involved)} <= uids
    assert _uid(internal) not in uids
    listed = Activity.objects.filter(uid__in=[uid.removesuffix("@samverkan") for uid in uids])
    assert listed.count() == len(uids)
    assert all(activity.is_public for activity in listed)


def test_a_feed_reaches_back_to_activities_that_ended_90_days_ago(client) -> None:
    now = timezone.now()
    recent = _activity("Nyss", now - timedelta(days=89))
    old = _activity("Länge sedan", now - timedelta(days=91))

    response = client.get(reverse("activities:organization_feed", kwargs={"slug": "hb"}))

    uids = {str(event["UID"]) for event in _events(response.content)}
    assert _uid(recent) in uids
    assert _uid(old) not in uids


def test_an_unknown_organisation_or_arena_has_no_feed(client) -> None:
    for name in ("organization_feed", "arena_feed"):
        assert (
            client.get(reverse(f"activities:{name}", kwargs={"slug": "finns-inte"})).status_code
            == 404
        )
