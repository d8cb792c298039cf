from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.picker import PickerField, PickerFormMixin
from samverkan.places.models import Municipality
from samverkan.sdg.forms import goal_filter
from samverkan.sdg.models import Goal

from .models import Audience, CollaborationForm, Interest, Level, Offering
from .services import FIELDS, OfferingData

RICH_TEXT_HELP = _(
    "You can use simple HTML: <p>, <ul>, <ol>, <li>, <strong>, <em>, <h3> and links. "
    "Everything else is removed."
)


def collaboration_form_filter() -> forms.ModelChoiceField:
    """An optional form of collaboration addressed by slug, shared by the filter forms."""
    return forms.ModelChoiceField(
        label=_("Form of collaboration"),
        queryset=CollaborationForm.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All forms"),
    )


class GuideForm(forms.ModelForm):
    """Coordinators keep the guides up to date; the guide fields sanitise what they store."""

    class Meta:
        model = CollaborationForm
        fields = [
            "name_sv",
            "name_en",
            "description_sv",
            "description_en",
            *(
                f"{section}_{lang}"
                for section in CollaborationForm.GUIDE_SECTIONS
                for lang in ("sv", "en")
            ),
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ("description_sv", "description_en")
        } | {
            f"{section}_{lang}": forms.Textarea(attrs={"rows": 6})
            for section in CollaborationForm.GUIDE_SECTIONS
            for lang in ("sv", "en")
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for section in CollaborationForm.GUIDE_SECTIONS:
            for lang in ("sv", "en"):
                self.fields[f"{section}_{lang}"].help_text = RICH_TEXT_HELP


class MunicipalityChoiceForm(forms.Form):
    kommun = forms.ModelChoiceField(
        label=_("Your municipality"),
        queryset=None,
        to_field_name="code",
        empty_label=_("Choose your municipality"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from samverkan.places.models import Municipality

        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = Municipality.objects.only("code", "name").order_by("name")


class OfferingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    form = collaboration_form_filter()
    goal = goal_filter()
    posted_by = forms.ChoiceField(
        label=_("Posted by"),
        required=False,
        choices=[
            ("", _("Anyone")),
            ("university", _("Universities")),
            ("municipality", _("Municipalities")),
        ],
    )
    audience = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Everyone")), *Audience.choices]
    )


class StudentFilterForm(forms.Form):
    """Filters of the For students page; every one is optional."""

    q = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=100,
        help_text=_("A word from the subject or title, for example: äldreomsorg."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    kommun = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("All municipalities"),
        help_text=_("Topics posted by the municipality or by a university based there."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All kinds")),
            ("degree-project", _("Thesis topics")),
            ("student-project", _("Student projects")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = Municipality.objects.only("code", "name").order_by("name")


class OfferingForm(PickerFormMixin, forms.ModelForm):
    """Post or edit an offering; ``offering_save`` checks and saves it."""

    # Shown together under their own heading: what students need to know about a topic.
    STUDENT_FIELDS = (
        "levels",
        "subject_sv",
        "subject_en",
        "start_term",
        "start_year",
        "how_to_apply_sv",
        "how_to_apply_en",
    )

    levels = forms.MultipleChoiceField(
        label=_("Level"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required for degree projects. Choose every level the topic suits."),
    )

    organization = PickerField("offering-organizations", label=_("Posted by"))
    contact = PickerField("offering-contacts", label=_("Contact person"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.all()

    class Meta:
        model = Offering
        fields = [*FIELDS, "goals"]
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "how_to_apply_sv": forms.Textarea(attrs={"rows": 4}),
            "how_to_apply_en": forms.Textarea(attrs={"rows": 4}),
            "start_year": forms.NumberInput(
                attrs={"min": 2000, "max": 2100, "inputmode": "numeric"}
            ),
        }
        help_texts = {"description_sv": RICH_TEXT_HELP}

    def general_fields(self) -> list[forms.BoundField]:
        """Every field but the students' part, which the page groups under its own heading."""
        return [field for field in self if field.name not in self.STUDENT_FIELDS]

    def student_fields(self) -> list[forms.BoundField]:
        """What a thesis topic or student project tells students."""
        return [self[name] for name in self.STUDENT_FIELDS]

    def offering_data(self) -> OfferingData:
        """The parsed input for ``offering_save``, which owns the rules."""
        data = self.cleaned_data
        return OfferingData(**{name: data[name] for name in FIELDS}, goals=list(data["goals"]))

    def add_service_errors(self, error: ValidationError) -> None:
        """Show the service's refusal next to the fields it concerns."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["name", "email", "organization", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
