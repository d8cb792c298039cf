"""Forms of the activity pages; they only parse input, the services own the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import RegistrationData


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("We send the confirmation and a link to cancel here.")
    )
    organization_name = forms.CharField(
        label=_("Your organisation"), max_length=200, required=False
    )
    dietary = forms.CharField(
        label=_("Dietary needs"),
        max_length=500,
        required=False,
        help_text=_("For example vegetarian or gluten-free."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=500,
        required=False,
        help_text=_("For example a hearing loop or step-free access."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the organisers store my details to run the activity"),
        error_messages={"required": _("We need your consent to register you.")},
    )
    # A field people never see: software that fills in every field fills in this one too.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            name=data["name"],
            email=data["email"],
            organization_name=data["organization_name"],
            dietary=data["dietary"],
            accessibility=data["accessibility"],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusal next to the field it names, or above the form."""
        for name, messages in error.update_error_dict({}).items():
            self.add_error(name if name in self.fields else None, messages)
