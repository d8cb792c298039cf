from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .urls_calendar import urlpatterns_calendar

app_name = "activities"

urlpatterns = [
    path(_("activities/"), views.activity_list, name="list"),
    path(_("activities/<int:pk>/"), views.detail, name="detail"),
    path(_("activities/<int:pk>/register/"), views.register_view, name="register"),
    path(_("activities/registration/<str:token>/"), views.registration, name="registration"),
]
urlpatterns += urlpatterns_calendar
