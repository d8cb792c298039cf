"""The minutes and follow-up actions pages, added to the app's ``urlpatterns`` in ``urls.py``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views_followup

urlpatterns_followup = [
    path(_("activities/<int:pk>/minutes/"), views_followup.minutes_edit, name="minutes_edit"),
    path(_("activities/<int:pk>/actions/new/"), views_followup.action_edit, name="action_new"),
    path(
        _("activities/<int:pk>/actions/<int:action_pk>/"),
        views_followup.action_edit,
        name="action_edit",
    ),
    path(
        _("activities/actions/<int:action_pk>/status/"),
        views_followup.action_status,
        name="action_status",
    ),
    path(_("activities/follow-up/"), views_followup.action_list, name="actions"),
]
