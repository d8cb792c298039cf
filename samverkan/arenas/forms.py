from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Arena


class ArenaSettingsForm(forms.ModelForm):
    """What an arena's administrators may change themselves."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Arena
        fields = [
            "name_sv",
            "name_en",
            "description_sv",
            "description_en",
            "colour",
            "logo",
            "contact_email",
            "website",
        ]
        help_texts = {
            "colour": _("Shown as a band at the top of the arena's pages."),
            "logo": _("PNG, JPEG or WebP, at least 200 pixels wide."),
        }
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description_sv": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
