"""The account's calendar addresses: make one, see when each was last read, stop one; and the
feed itself, which a calendar client reads without logging in, by its secret address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .calendar import activity_calendar
from .feeds import (
    active_feeds,
    create_feed,
    feed_activities,
    feed_for_secret,
    record_use,
    revoke_feed,
)
from .models import PersonalFeed
from .views_calendar import calendar_response


@login_required
def my_feeds(request: HttpRequest) -> HttpResponse:
    """The list; a POST makes a feed and shows its address on this answer only (never kept in
    a session or a message, which would store the secret)."""
    address = ""
    if request.method == "POST":
        try:
            _feed, secret = create_feed(request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("activities:my_feeds")
        address = request.build_absolute_uri(
            reverse("activities:personal_feed", kwargs={"secret": secret})
        )
    return render(
        request,
        "activities/feeds/my_feeds.html",
        {
            "feeds": active_feeds(request.user),
            "address": address,
            "breadcrumb_trail": [
                {"label": _("My account"), "url": reverse("accounts:profile")},
                {"label": _("My calendar feeds"), "url": ""},
            ],
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone else's feed is not found, so its existence is not revealed."""
    feed = get_object_or_404(PersonalFeed, pk=pk, user=request.user)
    revoke_feed(request.user, feed)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("activities:my_feeds")


@require_safe
def personal_feed(request: HttpRequest, secret: str) -> HttpResponse:
    feed = feed_for_secret(secret)
    if feed is None:
        raise Http404
    record_use(feed)
    name = _("My activities in %(site)s") % {"site": settings.SAMVERKAN_SITE_NAME}
    response = calendar_response(request, activity_calendar(feed_activities(feed.user), name))
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
