from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.kernel import searchable
from samverkan.places.forms import county_filter
from samverkan.sdg.forms import goal_filter


def kind_choices() -> list[tuple[str, str]]:
    return [("", _("Everything")), *((s.kind, s.label) for s in searchable.sources())]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        max_length=500,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A few words or a whole need, in Swedish or English."),
    )
    kind = forms.ChoiceField(label=_("Show"), choices=kind_choices, required=False)
    goal = goal_filter()
    county = county_filter()
