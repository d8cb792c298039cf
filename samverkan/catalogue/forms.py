from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.directory.models import Person
from samverkan.kernel.richtext import sanitize
from samverkan.sdg.forms import goal_filter
from samverkan.sdg.models import Goal

from .models import Audience, CollaborationForm, Interest, Offering

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
    """Coordinators keep the guides up to date; what they write is sanitised before it is saved."""

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

    def clean(self) -> dict:
        cleaned = super().clean()
        for section in CollaborationForm.GUIDE_SECTIONS:
            for lang in ("sv", "en"):
                name = f"{section}_{lang}"
                if cleaned.get(name):
                    cleaned[name] = sanitize(cleaned[name])
        return cleaned


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


class OfferingForm(forms.ModelForm):
    """Post or edit an offering; the description is sanitised rich text."""

    def __init__(self, *args: object, organizations: QuerySet, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["goals"].queryset = Goal.objects.all()
        self.fields["contact"].queryset = Person.objects.filter(
            affiliations__organization__in=organizations
        ).distinct()
        self.fields["contact"].required = False

    class Meta:
        model = Offering
        fields = [
            "title_sv",
            "title_en",
            "description_sv",
            "description_en",
            "form",
            "organization",
            "contact",
            "audience",
            "goals",
            "status",
            "starts_on",
            "ends_on",
            "expires_on",
        ]
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"description_sv": RICH_TEXT_HELP}

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("description_sv", "description_en"):
            if cleaned.get(name):
                cleaned[name] = sanitize(cleaned[name])
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must be after the start."))
        return cleaned


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["name", "email", "organization", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
