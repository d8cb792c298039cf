"""Activities as iCalendar (RFC 5545): one activity to add to a calendar, or a feed to subscribe to.

An event keeps its activity's ``uid`` and carries its ``sequence``, so a calendar client replaces
the event it already has when the activity changes or is cancelled instead of adding a second one.
Times are given in Europe/Stockholm with the zone's VTIMEZONE, so clients show the right hour on
both sides of a change to or from summer time.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime

import icalendar
from django.utils import timezone
from django.utils.text import slugify

from samverkan.kernel.mail import absolute
from samverkan.kernel.richtext import plain_text

from .models import Activity, Status

PRODID = "-//Samverkan//Activities//SV"


def activity_calendar(activities: Iterable[Activity], name: str) -> bytes:
    """A VCALENDAR with one VEVENT per activity, in the reader's language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.calendar_name = name
    events = [_event(activity) for activity in activities]
    years = [event.decoded(key).year for event in events for key in ("DTSTART", "DTEND")]
    years = years or [_local(timezone.now()).year]
    # Always there, so that even a feed without events is a valid calendar (RFC 5545 wants a
    # component); the rules of the years the events fall in only: compact, and right after 2038.
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            timezone.get_default_timezone(),
            first_date=date(min(years), 1, 1),
            last_date=date(max(years) + 1, 1, 1),
        )
    )
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _event(activity: Activity) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{activity.uid}@samverkan")
    event.add("sequence", activity.sequence)
    event.add("dtstamp", activity.updated_at.astimezone(UTC))
    event.add("dtstart", _local(activity.starts_at))
    event.add("dtend", _local(activity.ends_at))
    event.add("summary", activity.title)
    if description := plain_text(activity.description):
        event.add("description", description)
    if location := ", ".join(part for part in (activity.address, activity.online_url) if part):
        event.add("location", location)
    event.add("url", absolute(activity.get_absolute_url()))
    event.add("status", "CANCELLED" if activity.status == Status.CANCELLED else "CONFIRMED")
    return event


def _local(moment: datetime) -> datetime:
    """In the site's zone (Europe/Stockholm), whatever zone the request has activated."""
    return moment.astimezone(timezone.get_default_timezone())


def ics_attachment(activity: Activity) -> list[str]:
    """The activity's .ics as an e-mail attachment (``[filename, text, mimetype]``), so a
    confirmation can be added to a calendar in one click and is replaced, by its UID, when the
    activity changes."""
    filename = f"{slugify(activity.title) or 'activity'}.ics"
    return [filename, activity_calendar([activity], activity.title).decode(), "text/calendar"]
