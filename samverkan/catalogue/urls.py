from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "catalogue"

urlpatterns = [
    path(_("forms-of-collaboration/"), views.form_list, name="forms"),
    path(_("forms-of-collaboration/<slug:slug>/"), views.form_detail, name="form"),
    path(_("forms-of-collaboration/<slug:slug>/edit/"), views.form_edit, name="form_edit"),
    path(_("for-students/"), views.students, name="students"),
    path(_("offerings/"), views.offering_list, name="offerings"),
    path(_("offerings/new/"), views.offering_edit, name="offering_new"),
    path(_("offerings/<int:pk>/"), views.offering_detail, name="offering"),
    path(_("offerings/<int:pk>/edit/"), views.offering_edit, name="offering_edit"),
]
