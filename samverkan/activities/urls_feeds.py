"""The personal calendar addresses, added to the app's ``urlpatterns`` in ``urls.py``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views_feeds

urlpatterns_feeds = [
    path(_("activities/my-calendars/"), views_feeds.my_feeds, name="my_feeds"),
    path(_("activities/my-calendars/<int:pk>/stop/"), views_feeds.revoke, name="revoke_feed"),
    path(
        _("activities/calendar/<str:secret>.ics"),
        views_feeds.personal_feed,
        name="personal_feed",
    ),
]
