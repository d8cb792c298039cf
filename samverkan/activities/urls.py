from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .urls_calendar import urlpatterns_calendar
from .urls_feeds import urlpatterns_feeds
from .urls_followup import urlpatterns_followup
from .urls_manage import urlpatterns_manage
from .urls_planning import urlpatterns_planning

app_name = "activities"

urlpatterns = [
    path(_("activities/"), views.activity_list, name="list"),
    path(_("activities/<int:pk>/"), views.detail, name="detail"),
    path(_("activities/<int:pk>/register/"), views.register_view, name="register"),
    path(_("activities/registration/<str:token>/"), views.registration, name="registration"),
]
urlpatterns += urlpatterns_calendar
urlpatterns += urlpatterns_feeds
urlpatterns += urlpatterns_planning
urlpatterns += urlpatterns_manage
urlpatterns += urlpatterns_followup
