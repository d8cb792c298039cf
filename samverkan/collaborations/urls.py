from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "collaborations"

urlpatterns = [
    path(_("collaborations/"), views.collaboration_list, name="list"),
    path(_("collaborations/new/"), views.collaboration_edit, name="new"),
    path(_("collaborations/<int:pk>/"), views.collaboration_detail, name="detail"),
    path(_("collaborations/<int:pk>/edit/"), views.collaboration_edit, name="edit"),
    path(_("collaborations/<int:pk>/approve/"), views.collaboration_approve, name="approve"),
]
