"""Forms of the needs flow: one per submission step, and the coordinators' actions."""

from __future__ import annotations

from django import forms
from django import forms as django_forms  # HelpForm has a field called "forms"
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .models import MAX_TEXT, Need, NeedState, Notify, Timeframe
from .services import TITLE_LENGTH, headline, validate_text


class DescribeForm(forms.ModelForm):
    text = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_(
            "Write as you would tell a colleague: what the problem is, who it affects and what "
            "you have tried. For example: “Our assistant nurses quit after a year and we never "
            "have time to introduce new ones.”"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=None,  # checked by validate_text, with a clearer message
        strip=True,
        error_messages={"required": _("Describe the need in a few sentences.")},
    )
    title = forms.CharField(
        label=_("A short headline"),
        help_text=_("Leave empty and we take the first sentence."),
        required=False,
        max_length=TITLE_LENGTH,
    )

    class Meta:
        model = Need
        fields = ["text", "title"]

    def clean_text(self) -> str:
        return validate_text(self.cleaned_data["text"])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("text") and not data.get("title"):
            data["title"] = headline(data["text"])
        return data


class WhoForm(forms.ModelForm):
    organization_name = forms.CharField(
        label=_("Your organisation"),
        help_text=_("For example “Umeå kommun, socialtjänsten” or “Region Västerbotten”."),
        max_length=200,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        help_text=_("The municipality the need concerns."),
        queryset=Municipality.objects.order_by("name"),
    )
    arena = forms.ModelChoiceField(
        label=_("Where should the need go?"),
        help_text=_("The collaboration arena whose coordinators will take care of it."),
        queryset=Arena.objects.filter(is_active=True),
        empty_label=None,
    )

    class Meta:
        model = Need
        fields = ["organization_name", "municipality", "arena"]


class HelpForm(django_forms.ModelForm):
    forms = django_forms.ModelMultipleChoiceField(
        label=_("What kind of help would suit you?"),
        help_text=_("Choose any that might fit, or “Don't know” and we suggest."),
        queryset=CollaborationForm.objects.order_by("position"),
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
        to_field_name="slug",
    )
    forms_unknown = django_forms.BooleanField(
        label=_("Don't know, suggest something"), required=False
    )
    timeframe = django_forms.ChoiceField(
        label=_("When do you need it?"),
        choices=Timeframe.choices,
        widget=django_forms.RadioSelect,
        initial=Timeframe.UNKNOWN,
    )

    class Meta:
        model = Need
        fields = ["forms", "forms_unknown", "timeframe"]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("forms") and not data.get("forms_unknown") and not self.errors:
            raise ValidationError(
                _("Choose at least one kind of help, or “Don't know”."), code="no_help"
            )
        return data


class ContactForm(forms.ModelForm):
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("We send a link to confirm it, and news about the need."),
    )
    contact_phone = forms.CharField(label=_("Your phone"), max_length=40, required=False)
    notify = forms.ChoiceField(
        label=_("E-mail me about changes"),
        choices=Notify.choices,
        widget=forms.RadioSelect,
        initial=Notify.IMMEDIATE,
    )
    is_public = forms.BooleanField(
        label=_("Publish the need as an open challenge that researchers and students can see"),
        help_text=_("Your name and contact details are never published."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the arena's coordinators store my contact details to handle the need"
        ),
        error_messages={"required": _("We need your consent to handle the need.")},
    )
    # A field people never see: software that fills in every field fills in this one too.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Need
        fields = ["contact_name", "contact_email", "contact_phone", "notify", "is_public"]

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""


class GoalsForm(forms.Form):
    goals = forms.ModelMultipleChoiceField(
        label=_("Which Global Goals does the need concern?"),
        help_text=_("We ticked the ones your text suggests. Change them if they are not right."),
        queryset=Goal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        to_field_name="number",
    )


STEPS = (
    ("describe", _("Describe"), DescribeForm),
    ("who", _("Who is asking"), WhoForm),
    ("help", _("Help wanted"), HelpForm),
    ("contact", _("Contact"), ContactForm),
)


class StateForm(forms.Form):
    state = forms.ModelChoiceField(label=_("State"), queryset=NeedState.objects.none())
    text = forms.CharField(
        label=_("Message to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
    )

    def __init__(self, *args, need: Need, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = need.arena.need_states.all()
        self.fields["state"].initial = need.state_id


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Coordinator"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, arena_ids: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True)
        if arena_ids is not None:
            users = users.filter(coordinated_arenas__in=arena_ids)
        self.fields["assignee"].queryset = users.distinct().order_by("full_name", "email")
        self.fields["assignee"].label_from_instance = lambda user: user.full_name or user.email
        self.fields["assignee"].empty_label = _("Nobody")


class CloseForm(forms.Form):
    form = forms.ModelChoiceField(
        label=_("Form of collaboration"), queryset=CollaborationForm.objects.order_by("position")
    )


class NeedStateForm(forms.ModelForm):
    """One row of the states table: each input is labelled by its column for screen readers."""

    class Meta:
        model = NeedState
        fields = ["name_sv", "name_en", "colour", "position", "is_public", "is_terminal", "outcome"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)
