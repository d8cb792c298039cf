"""Forms of the minutes and follow-up actions; they parse input, ``followup`` owns the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.picker import PickerField, PickerFormMixin, PickerMultipleField

from .followup import MINUTES_TEXTS, ActionData, MinutesData
from .models import ActionStatus, Minutes

TEXTAREA = forms.Textarea(attrs={"rows": 6})
RICH_HINT = _(
    "An empty line starts a new paragraph. Simple HTML also works: paragraphs, lists and links."
)


class MinutesForm(PickerFormMixin, forms.Form):
    attendees = PickerMultipleField(
        "people",
        label=_("Attended (from the directory)"),
        required=False,
    )
    other_attendees = forms.CharField(
        label=_("Other participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "People not in the directory, one a line, for example: Eva Ek, Tranemo kommun."
        ),
    )
    discussion_sv = forms.CharField(
        label=_("Discussed (Swedish)"), required=False, widget=TEXTAREA, help_text=RICH_HINT
    )
    discussion_en = forms.CharField(
        label=_("Discussed (English)"), required=False, widget=TEXTAREA, help_text=RICH_HINT
    )
    decisions_sv = forms.CharField(
        label=_("Decisions (Swedish)"), required=False, widget=TEXTAREA, help_text=RICH_HINT
    )
    decisions_en = forms.CharField(
        label=_("Decisions (English)"), required=False, widget=TEXTAREA, help_text=RICH_HINT
    )

    @classmethod
    def initial_of(cls, minutes: Minutes | None) -> dict:
        if minutes is None:
            return {}
        return {
            "attendees": [person.pk for person in minutes.attendees.all()],
            "other_attendees": minutes.other_attendees,
            **{name: getattr(minutes, name) for name in MINUTES_TEXTS},
        }

    def minutes_data(self) -> MinutesData:
        data = self.cleaned_data
        return MinutesData(
            attendees=list(data["attendees"]),
            other_attendees=data["other_attendees"],
            **{name: data[name] for name in MINUTES_TEXTS},
        )

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.update_error_dict({}).items():
            self.add_error(name if name in self.fields else None, messages)


class ActionForm(PickerFormMixin, forms.Form):
    text = forms.CharField(
        label=_("What is to be done"),
        max_length=500,
        help_text=_(
            "Start with a verb, for example: Send three thesis topics to the municipality."
        ),
    )
    owner = PickerField("people", label=_("Who does it"))
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            text=data["text"], owner=data["owner"], due_date=data["due_date"], status=data["status"]
        )

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.update_error_dict({}).items():
            self.add_error(name if name in self.fields else None, messages)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Not finished")), *ActionStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
