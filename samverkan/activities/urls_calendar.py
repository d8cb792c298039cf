"""The calendar addresses, added to the app's ``urlpatterns`` in ``urls.py``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views_calendar

urlpatterns_calendar = [
    path(_("activities/<int:pk>/calendar.ics"), views_calendar.activity_ics, name="ics"),
    path(
        _("organisations/<slug:slug>/activities.ics"),
        views_calendar.organization_feed,
        name="organization_feed",
    ),
    path(_("arenas/<slug:slug>/activities.ics"), views_calendar.arena_feed, name="arena_feed"),
]
