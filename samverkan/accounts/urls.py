from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"

urlpatterns = [
    path(_("account/"), views.profile, name="profile"),
    path(_("account/login/"), views.LoginView.as_view(), name="login"),
    path(_("account/logout/"), auth_views.LogoutView.as_view(), name="logout"),
    path(_("account/password/"), views.PasswordChangeView.as_view(), name="password_change"),
    path(_("account/password/reset/"), views.PasswordResetView.as_view(), name="password_reset"),
    path(
        _("account/password/reset/sent/"),
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        _("account/password/reset/<uidb64>/<token>/"),
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("account/password/reset/done/"),
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
