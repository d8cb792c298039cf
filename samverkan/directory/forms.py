"""Forms for profiles, people search and designated contacts."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.catalogue.forms import collaboration_form_filter
from samverkan.catalogue.models import CollaborationForm
from samverkan.kernel.picker import PickerField, PickerFormMixin
from samverkan.places.models import County, MunicipalAssociation
from samverkan.sdg.forms import goal_filter
from samverkan.sdg.models import Goal

from .models import ContactRole, ExpertProfile, Organization, Person, Visibility
from .services import PROFILE_FIELDS, ProfileData

LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("so", _("Somali")),
    ("pl", _("Polish")),
    ("bs", _("Bosnian")),
    ("tr", _("Turkish")),
    ("hr", _("Croatian")),
    ("sr", _("Serbian")),
    ("cs", _("Czech")),
    ("el", _("Greek")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("zh", _("Chinese")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("ta", _("Tamil")),
    ("yo", _("Yoruba")),
    ("ig", _("Igbo")),
]


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.number}. {obj.short}"


# The visibility choices in the words of the person whose profile it is.
OWN_VISIBILITY_LABELS = {Visibility.PUBLIC: _("Everyone (needs your consent)")}


class ProfileForm(forms.ModelForm):
    """The expert's own description of what they know and offer."""

    keywords_text = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Separate with commas, for example: äldreomsorg, arbetsmiljö, ledarskap."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can work in"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = GoalChoiceField(
        label=_("Global Goals your work contributes to"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("I agree that my profile is shown to everyone, also to visitors."),
        required=False,
    )
    # Named like the model field; defined last because it shadows the module in this body.
    forms = forms.ModelMultipleChoiceField(
        label=_("What you can offer"),
        queryset=CollaborationForm.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "expertise_sv",
            "expertise_en",
            "keywords_text",
            "goals",
            "forms",
            "languages",
            "availability",
            "availability_note",
            "visibility",
            "consent",
        ]
        widgets = {
            "expertise_sv": forms.Textarea(attrs={"rows": 6}),
            "expertise_en": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "availability": forms.RadioSelect,
        }
        help_texts = {
            "expertise_sv": _(
                "What you research or teach, in plain words, and what a municipality can get "
                "help with. Municipal officials search these words."
            ),
            "availability_note": _("For example: Can take on assignments from autumn 2027."),
        }

    def __init__(self, *args: object, own: bool = False, **kwargs: object) -> None:
        """``own``: the person edits their own profile, so the form speaks of their consent."""
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["keywords_text"].initial = ", ".join(self.instance.keywords)
            self.fields["consent"].initial = self.instance.consent_at is not None
        if own:
            self.fields["visibility"].choices = [
                (value, OWN_VISIBILITY_LABELS.get(value, label))
                for value, label in self.fields["visibility"].choices
            ]

    def clean_keywords_text(self) -> list[str]:
        keywords = [k.strip() for k in self.cleaned_data["keywords_text"].split(",")]
        keywords = list(dict.fromkeys(k for k in keywords if k))
        if any(len(k) > 60 for k in keywords):
            raise ValidationError(_("Each keyword can be at most 60 characters."))
        return keywords[:20]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("expertise_sv") and not cleaned.get("expertise_en"):
            self.add_error("expertise_sv", _("Describe your expertise in Swedish or English."))
        return cleaned

    def profile_data(self) -> ProfileData:
        """The parsed input for ``profile_update``, which owns the consent rule."""
        data = self.cleaned_data
        return ProfileData(
            **{name: data[name] for name in PROFILE_FIELDS if name != "keywords"},
            keywords=data["keywords_text"],
            goals=list(data["goals"]),
            forms=list(data["forms"]),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class PersonDetailsForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Person
        fields = ["phone", "orcid", "website"]
        help_texts = {"orcid": _("Your ORCID iD, for example 0000-0002-1825-0097.")}

    def clean_orcid(self) -> str:
        from .importers import _orcid

        try:
            return _orcid(self.cleaned_data["orcid"])
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, expertise or keyword"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.filter(parent__isnull=True)
        .filter(Q(affiliations__isnull=False) | Q(units__affiliations__isnull=False))
        .distinct()
        .only("slug", "name_sv", "name_en"),
        required=False,
        to_field_name="slug",
        empty_label=_("All organisations"),
    )
    goal = goal_filter()
    form = collaboration_form_filter()
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *LANGUAGES], required=False
    )
    experts_only = forms.BooleanField(label=_("Only people with an expert profile"), required=False)


class ContactAssignmentForm(PickerFormMixin, forms.Form):
    """Designate a person as a contact for one municipality."""

    person = PickerField("people", label=_("Person"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (ContactRole.CONTACT, _("The university's contact person for the municipality")),
            (ContactRole.UNIVERSITY_COORDINATOR, _("The municipality's university coordinator")),
        ],
        widget=forms.RadioSelect,
        initial=ContactRole.CONTACT,
    )
    start_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return cleaned


class BulkAssignmentForm(PickerFormMixin, forms.Form):
    """Designate one person as the contact for every municipality of an association or county."""

    person = PickerField("university-people", label=_("Person"))
    association = forms.ModelChoiceField(
        label=_("All municipalities of this association"),
        queryset=MunicipalAssociation.objects.all(),
        required=False,
        empty_label=_("Choose an association"),
    )
    county = forms.ModelChoiceField(
        label=_("or all municipalities of this county"),
        queryset=County.objects.only("code", "name", "name_en"),
        required=False,
        empty_label=_("Choose a county"),
    )
    start_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("association")) == bool(cleaned.get("county")):
            raise ValidationError(_("Choose either an association or a county."))
        return cleaned


class MergeForm(forms.Form):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    other = forms.IntegerField(widget=forms.HiddenInput)
