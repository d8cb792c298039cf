from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Goal


def goal_filter(help_text: str = "") -> forms.ModelChoiceField:
    """An optional Global Goal addressed by its number, shared by the filter forms."""
    return forms.ModelChoiceField(
        label=_("Global Goal"),
        queryset=Goal.objects.all(),
        required=False,
        to_field_name="number",
        empty_label=_("All goals"),
        help_text=help_text,
    )
