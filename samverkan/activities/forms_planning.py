"""The round of visits form: what the round shares (arena, host, kind, the coordinators going)
and one row per municipality (whether to visit it, the day and the time). Forms parse only; the
rules are ``planning.plan_visit_round``'s, and its errors are put back at the row and field."""

from datetime import time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization
from samverkan.kernel.picker import PickerFormMixin, PickerMultipleField

from .models import ActivityKind
from .planning import MemberVisits, PlannedVisit, RoundData, RoundInvalid

DEFAULT_START, DEFAULT_END = time(9, 0), time(11, 0)


class RoundForm(PickerFormMixin, forms.Form):
    arena = forms.ModelChoiceField(label=_("Arena"), queryset=Arena.objects.none())
    host = forms.ModelChoiceField(
        label=_("Host"),
        queryset=Organization.objects.none(),
        help_text=_("The university or organisation that makes the visits."),
    )
    kind = forms.ModelChoiceField(label=_("Kind of visit"), queryset=ActivityKind.objects.none())
    people = PickerMultipleField(
        "university-people",
        label=_("Coordinators going"),
        required=False,
        help_text=_("They are named on every visit of the round."),
    )
    is_public = forms.BooleanField(
        label=_("Show the visits to everyone (otherwise to coordinators only)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, scope_arenas: list[Arena], hosts: Any, kinds: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arena"].queryset = Arena.objects.filter(pk__in=[a.pk for a in scope_arenas])
        self.fields["arena"].initial = scope_arenas[0].pk
        self.fields["arena"].empty_label = None
        self.fields["host"].queryset = hosts
        self.fields["host"].initial = scope_arenas[0].host_id
        self.fields["kind"].queryset = kinds
        self.fields["kind"].empty_label = None
        if len(scope_arenas) == 1:
            self.fields["arena"].widget = forms.HiddenInput()


class VisitRowForm(forms.Form):
    """One municipality of the round; its fields matter only when ``visit`` is ticked."""

    municipality = forms.CharField(widget=forms.HiddenInput)
    visit = forms.BooleanField(required=False)
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_("From"),
        required=False,
        initial=DEFAULT_START,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends = forms.TimeField(
        label=_("To"),
        required=False,
        initial=DEFAULT_END,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    address = forms.CharField(label=_("Place"), max_length=300, required=False)

    def __init__(self, *args: Any, candidates: dict[str, MemberVisits], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        code = self.data.get(self.add_prefix("municipality")) if self.is_bound else None
        self.row = candidates.get(code or self.initial.get("municipality", ""))
        name = self.row.municipality.name if self.row else ""
        self.fields["visit"].label = _("Visit %(name)s") % {"name": name}

    @property
    def is_chosen(self) -> bool:
        """Ticked: in the data sent, or on the plan before (``?kommun=``)."""
        if self.is_bound:
            return bool(self.data.get(self.add_prefix("visit")))
        return bool(self.initial.get("visit"))

    def clean_municipality(self) -> str:
        code = self.cleaned_data["municipality"]
        if code not in self.candidates:
            raise ValidationError(_("This municipality is not part of the plan."))
        return code

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("visit"):
            for name, message in (
                ("day", _("Give the day of the visit.")),
                ("starts", _("Give the time the visit starts.")),
                ("ends", _("Give the time the visit ends.")),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def planned_visit(self) -> PlannedVisit:
        data = self.cleaned_data
        return PlannedVisit(
            municipality=self.candidates[data["municipality"]].municipality,
            day=data["day"],
            starts=data["starts"],
            ends=data["ends"],
            address=data["address"],
        )


VisitRowFormSet = formset_factory(VisitRowForm, extra=0)


def visit_rows(rows: list[MemberVisits], chosen: set[str], data: Any = None) -> forms.BaseFormSet:
    """One row per municipality that can be visited, ticked when its code is in ``chosen``."""
    candidates = {row.municipality.code: row for row in rows if row.can_be_visited}
    initial = [
        {
            "municipality": code,
            "visit": code in chosen,
            "starts": DEFAULT_START,
            "ends": DEFAULT_END,
        }
        for code in candidates
    ]
    return VisitRowFormSet(
        data, initial=initial, prefix="visits", form_kwargs={"candidates": candidates}
    )


def round_data(form: RoundForm, formset: forms.BaseFormSet) -> RoundData:
    data = form.cleaned_data
    return RoundData(
        arena=data["arena"],
        host=data["host"],
        kind=data["kind"],
        people=list(data["people"]),
        is_public=data["is_public"],
        visits=[row.planned_visit() for row in chosen_rows(formset)],
    )


def chosen_rows(formset: forms.BaseFormSet) -> list[VisitRowForm]:
    return [row for row in formset.forms if row.cleaned_data.get("visit")]


def add_round_errors(form: RoundForm, formset: forms.BaseFormSet, error: RoundInvalid) -> None:
    """The service's refusal at the row and field it names, or above the form."""
    for name, messages in error.shared.items():
        form.add_error(name if name in form.fields else None, messages)
    rows = chosen_rows(formset)
    for index, problems in error.rows.items():
        row = rows[index]
        for name, messages in problems.items():
            row.add_error(
                name if name in row.fields and name != "municipality" else "visit", messages
            )
