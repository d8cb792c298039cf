"""The coordinators' addresses and the invitations' links, added to the app's ``urlpatterns`` in
``urls.py``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views_manage

urlpatterns_manage = [
    path(_("activities/new/"), views_manage.plan, name="new"),
    path(_("activities/<int:pk>/edit/"), views_manage.edit, name="edit"),
    path(_("activities/<int:pk>/held/"), views_manage.held, name="held"),
    path(_("activities/<int:pk>/cancel/"), views_manage.cancel, name="cancel"),
    path(
        _("activities/<int:pk>/registrations/"),
        views_manage.registrations,
        name="registrations",
    ),
    path(_("activities/<int:pk>/attendance/"), views_manage.attendance, name="attendance"),
    path(
        _("activities/<int:pk>/registrations.<slug:format>"),
        views_manage.export,
        name="export",
    ),
    path(_("activities/<int:pk>/invitations/"), views_manage.invitations, name="invitations"),
    path(
        _("activities/<int:pk>/invitation/<str:token>/"),
        views_manage.invitation,
        name="invitation",
    ),
]
