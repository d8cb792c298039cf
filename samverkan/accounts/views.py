"""Log in, log out, password reset and the account page; the forms and flows are Django's own,
except that the reset e-mail goes through the job queue like every other message."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from samverkan.accounts.forms import EmailAuthenticationForm, QueuedPasswordResetForm
from samverkan.accounts.roles import roles_of


def login_rate(group: str, request: HttpRequest) -> str:
    return settings.SAMVERKAN_LOGIN_RATE


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown instead of the log-in form when too many attempts came from one place or account."""
    return render(request, "accounts/rate_limited.html", status=429)


def account_key(field: str) -> Callable[[str, HttpRequest], str]:
    """The rate-limit key of the account a form names: addresses are matched without regard to
    case (``get_by_natural_key``), so ``Anna@X.se`` and ``anna@x.se`` count as one account."""

    def key(group: str, request: HttpRequest) -> str:
        return request.POST.get(field, "").strip().casefold()

    return key


def login_limits(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in attempts limited per IP address and per account, shared by the site's and the
    administration site's log-in, so that neither is a way round the other."""
    by_ip = ratelimit(group="accounts.login.ip", key="ip", rate=login_rate, method="POST")
    by_account = ratelimit(
        group="accounts.login.account", key=account_key("username"), rate=login_rate, method="POST"
    )
    return by_ip(by_account(view))


@method_decorator(login_limits, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


admin_login = login_limits(admin.site.login)


@method_decorator(
    [
        ratelimit(group="accounts.reset.ip", key="ip", rate=login_rate, method="POST"),
        ratelimit(
            group="accounts.reset.account",
            key=account_key("email"),
            rate=login_rate,
            method="POST",
        ),
    ],
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict:  # type: ignore[override]
        return {"site_name": settings.SAMVERKAN_SITE_NAME}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles_of(user),
            "coordinated_arenas": user.coordinated_arenas.all(),
            "administered_arenas": user.administered_arenas.all(),
        },
    )
