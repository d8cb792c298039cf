from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "sdg"

urlpatterns = [
    path(_("global-goals/"), views.goal_list, name="goal_list"),
    path(_("global-goals/<int:number>/"), views.goal_detail, name="goal"),
]
