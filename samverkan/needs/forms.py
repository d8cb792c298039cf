"""Forms of the needs flow: one per submission step, and the coordinators' actions.

The submission forms only read the answers; ``services.need_create``/``need_update`` check them,
so the pages, the API and the demo data keep the same rules."""

from __future__ import annotations

from django import forms
from django import forms as django_forms  # HelpForm has a field called "forms"
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.kernel.picker import PickerField, PickerFormMixin
from samverkan.places.models import MunicipalAssociation, Municipality
from samverkan.sdg.models import Goal

from .models import MAX_TEXT, Need, NeedState, Notify, Timeframe
from .permissions import coordinated_arena_ids
from .selectors import ALL, CLOSED, OPEN
from .services import TITLE_LENGTH


class DescribeForm(forms.Form):
    text = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_(
            "Write as you would tell a colleague: what the problem is, who it affects and what "
            "you have tried. For example: “Our assistant nurses quit after a year and we never "
            "have time to introduce new ones.”"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=None,  # the service checks MAX_TEXT, with a clearer message
        strip=True,
        error_messages={"required": _("Describe the need in a few sentences.")},
    )
    title = forms.CharField(
        label=_("A short headline"),
        help_text=_("Leave empty and we take the first sentence."),
        required=False,
        max_length=TITLE_LENGTH,
    )


class WhoForm(forms.Form):
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


class HelpForm(django_forms.Form):
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


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("We send a link to confirm it, and news about the need."),
    )
    contact_phone = forms.CharField(label=_("Your phone"), max_length=40, required=False)
    contact_role = forms.CharField(
        label=_("Your role"),
        help_text=_("For example development lead or head of unit."),
        max_length=200,
        required=False,
    )
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


class AddExpertForm(PickerFormMixin, forms.Form):
    """A person the coordinator knows is right, found by name among the expert profiles."""

    person = PickerField("experts", label=_("Person"))


class ContactMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "The need, the two answer links and your signature are added below your words."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply or more about the need"),
        help_text=_("The coordinator sees it at once. Answer a question or add something."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
    )


class LinkAgainForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("The address you gave when you sent the need.")
    )


class CollaborationReviewForm(forms.Form):
    """What the coordinator checks before the collaboration a need became is published."""

    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    starts_on = forms.DateField(
        label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People named publicly"),
        help_text=_("Only people who have agreed to be named publicly can be listed."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, parties: QuerySet, people: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties
        self.fields["people"].queryset = people


class NeedStateForm(forms.ModelForm):
    """One row of the states table: each input is labelled by its column for screen readers."""

    class Meta:
        model = NeedState
        fields = [
            "name_sv",
            "name_en",
            "colour",
            "position",
            "is_public",
            "is_terminal",
            "outcome",
            "moves_on",
        ]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(OPEN, _("Open needs")), (CLOSED, _("Closed needs")), (ALL, _("All needs"))],
        required=False,
    )
    state = forms.ModelChoiceField(
        label=_("State"), queryset=NeedState.objects.none(), required=False
    )
    arena = forms.ModelChoiceField(label=_("Arena"), queryset=Arena.objects.none(), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="code",
    )
    association = forms.ModelChoiceField(
        label=_("Association of municipalities"),
        queryset=MunicipalAssociation.objects.order_by("name"),
        required=False,
        to_field_name="slug",
    )
    assignee = forms.ChoiceField(label=_("Coordinator"), required=False)
    age = forms.ChoiceField(
        label=_("Sent"),
        choices=[
            ("", _("Any time")),
            ("week", _("Within a week")),
            ("month", _("Within a month")),
            ("quarter", _("Within three months")),
            ("older", _("More than three months ago")),
        ],
        required=False,
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.order_by("number"),
        required=False,
        to_field_name="number",
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("quiet", _("Longest without an update")),
            ("municipality", _("Municipality")),
        ],
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        arenas = coordinated_arena_ids(user)
        arena_queryset = (
            Arena.objects.all() if arenas is None else Arena.objects.filter(pk__in=arenas)
        )
        self.fields["arena"].queryset = arena_queryset
        self.fields["state"].queryset = NeedState.objects.filter(
            arena__in=arena_queryset
        ).select_related("arena")
        if len(arena_queryset) > 1:
            self.fields["state"].label_from_instance = lambda s: f"{s.name} ({s.arena})"
        coordinators = (
            User.objects.filter(
                Q(coordinated_arenas__in=arena_queryset) | Q(administered_arenas__in=arena_queryset)
            )
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["assignee"].choices = [
            ("", _("Anybody")),
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *((str(u.pk), u.full_name or u.email) for u in coordinators),
        ]
