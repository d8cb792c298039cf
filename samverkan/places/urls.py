from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "places"

urlpatterns = [
    path(_("municipalities/"), views.municipality_list, name="municipality_list"),
]
