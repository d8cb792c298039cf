from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views, views_timeline

app_name = "directory"

urlpatterns = [
    path(_("organisations/"), views.organization_list, name="organization_list"),
    path(_("organisations/<slug:slug>/"), views.organization_detail, name="organization"),
    path(
        _("organisations/<slug:slug>/timeline/"),
        views_timeline.organization_timeline,
        name="organization_timeline",
    ),
    path(_("people/"), views.people_search, name="people"),
    path(_("people/<int:pk>/"), views.person_detail, name="person"),
    path(_("people/<int:pk>/profile/"), views.profile_edit, name="profile_edit"),
    path(_("municipalities/<str:code>/contacts/new/"), views.contact_assign, name="contact_assign"),
    path(_("contacts/<int:pk>/end/"), views.contact_end, name="contact_end"),
    path(_("contacts/assign/"), views.contact_bulk, name="contact_bulk"),
    path(_("duplicates/"), views.duplicates, name="duplicates"),
    path(_("duplicates/merge/<str:kind>/"), views.merge, name="merge"),
]
