from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import association, municipality, timeline, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("municipalities/<str:code>/"), municipality.municipality_detail, name="municipality"),
    path(
        _("municipalities/<str:code>/timeline/"),
        timeline.municipality_timeline,
        name="municipality_timeline",
    ),
    path(_("associations/<slug:slug>/"), association.association_detail, name="association"),
]
