from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "kernel"

urlpatterns = [
    path(_("pick/<slug:name>/"), views.pick, name="pick"),
]
