"""The visit planning pages, added to the app's ``urlpatterns`` in ``urls.py``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views_planning

urlpatterns_planning = [
    path(
        _("activities/planning/arenas/<slug:slug>/"),
        views_planning.arena_plan,
        name="plan_arena",
    ),
    path(
        _("activities/planning/arenas/<slug:slug>/round/"),
        views_planning.arena_round,
        name="plan_arena_round",
    ),
    path(
        _("activities/planning/associations/<slug:slug>/"),
        views_planning.association_plan,
        name="plan_association",
    ),
    path(
        _("activities/planning/associations/<slug:slug>/round/"),
        views_planning.association_round,
        name="plan_association_round",
    ),
]
