"""The .ics of one activity and the calendar feeds of an organisation and of an arena.

Calendar clients poll a feed again and again: every answer carries an ETag (a hash of the body),
and a client that sends it back gets 304 Not Modified while nothing has changed.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization

from .calendar import activity_calendar
from .selectors import arena_feed_activities, organization_feed_activities, visible_activities


@require_safe
def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity the reader may see (internal ones for its arena's coordinators), to save."""
    activity = get_object_or_404(visible_activities(request.user), pk=pk)
    body = activity_calendar([activity], activity.title)
    filename = f"{slugify(activity.title) or 'activity'}.ics"
    return calendar_response(request, body, filename)


@require_safe
def organization_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    name = _("Activities: %(name)s") % {"name": organization.name}
    return calendar_response(
        request, activity_calendar(organization_feed_activities(organization), name)
    )


@require_safe
def arena_feed(request: HttpRequest, slug: str) -> HttpResponse:
    arena = get_object_or_404(Arena, slug=slug)
    name = _("Activities: %(name)s") % {"name": arena.name}
    return calendar_response(request, activity_calendar(arena_feed_activities(arena), name))


def calendar_response(
    request: HttpRequest, body: bytes, filename: str | None = None
) -> HttpResponse:
    """The calendar with its ETag, or 304 when the client's copy (If-None-Match) is current; a
    ``filename`` makes it a download instead of a feed to subscribe to."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return get_conditional_response(request, etag=etag, response=response)
