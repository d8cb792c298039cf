from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "arenas"

urlpatterns = [
    path(_("arenas/"), views.arena_list, name="list"),
    path(_("arenas/<slug:slug>/"), views.arena_detail, name="detail"),
    path(_("arenas/<slug:slug>/settings/"), views.arena_settings, name="settings"),
    path("arenas/<slug:slug>/theme.css", views.arena_theme, name="theme"),
]
