from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.mail import send_email


class EmailAuthenticationForm(AuthenticationForm):
    """Django's log-in form, asking for the e-mail address the account was created with."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is wrong. Both are case-sensitive for the password."
        ),
        "inactive": _("This account is closed."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form with its e-mail sent by the job queue, like every other
    message: the request does not wait for the SMTP server, and a server that is down is tried
    again instead of the link being lost (Django's form only logs the failure)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Render the message now, in the request's language, and enqueue it; plain text only,
        as the mail job sends (the view names no HTML template)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, [to_email], from_email)
