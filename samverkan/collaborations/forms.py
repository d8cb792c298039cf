from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverkan.catalogue.forms import collaboration_form_filter
from samverkan.directory.models import Organization, OrganizationKind
from samverkan.kernel.picker import PickerFormMixin, PickerMultipleField
from samverkan.sdg.forms import goal_filter

from .models import Collaboration, Status
from .services import FIELDS, CollaborationData


class CollaborationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kommun = forms.CharField(
        label=_("Municipality (SCB code)"), required=False, max_length=4, widget=forms.HiddenInput
    )
    university = forms.ModelChoiceField(
        label=_("University"),
        queryset=Organization.objects.filter(
            kind=OrganizationKind.UNIVERSITY,
            parent__isnull=True,
            collaboration_parties__isnull=False,
        )
        .distinct()
        .only("slug", "name_sv", "name_en"),
        required=False,
        to_field_name="slug",
        empty_label=_("All universities"),
    )
    form = collaboration_form_filter()
    goal = goal_filter()
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )


class CollaborationEditForm(PickerFormMixin, forms.ModelForm):
    """A collaboration with its parties by role; the services check and save it."""

    leads = PickerMultipleField("organizations", label=_("Leading organisations"), required=False)
    partners = PickerMultipleField("organizations", label=_("Partners"), required=False)
    funders = PickerMultipleField("organizations", label=_("Funders"), required=False)
    people = PickerMultipleField("experts", label=_("People"), required=False)

    class Meta:
        model = Collaboration
        fields = [*FIELDS, "goals", "people"]
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "outcomes_sv": forms.Textarea(attrs={"rows": 4}),
            "outcomes_en": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parties = list(self.instance.parties.all())
            for name, role in (("leads", "lead"), ("partners", "partner"), ("funders", "funder")):
                self.fields[name].initial = [p.organization_id for p in parties if p.role == role]

    def collaboration_data(self) -> CollaborationData:
        """The parsed input for the register's services, which own the rules."""
        data = self.cleaned_data
        return CollaborationData(
            **{name: data[name] for name in FIELDS},
            parties=[
                (organization, role)
                for name, role in (
                    ("leads", "lead"),
                    ("partners", "partner"),
                    ("funders", "funder"),
                )
                for organization in data.get(name) or []
            ],
            goals=list(data["goals"]),
            people=list(data["people"]),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Show the services' refusal next to the fields it concerns (parties under the leads)."""
        for name, messages in error.message_dict.items():
            name = "leads" if name == "parties" else name
            self.add_error(name if name in self.fields else None, messages)
