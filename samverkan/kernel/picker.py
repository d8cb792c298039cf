"""Choosers that scale: a field that lists only what a search finds, never every row.

A select of two thousand names, preselected on the first, is no way to choose a person. A picker
is a search box and the few matches below it as radio buttons (or checkboxes, to choose several),
each with a line that tells namesakes apart (a person's affiliations, a unit's university). It
types ahead with htmx and works without JavaScript: the *Search* button sends the form back with
the matches listed, and nothing is saved until the user chooses and sends it again.

A domain registers a picker by name with what a user may choose, how a text narrows it and how one
choice reads. The form field and the fragment htmx fetches while the user types both go through
the same registration, so they always offer exactly the same objects.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: How many matches a search lists; more means "type more".
LIMIT = 10

#: The name of the button that asks for matches instead of saving.
SEARCH = "_search"


@dataclass(frozen=True)
class Choice:
    """One object as the picker lists it."""

    value: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Picker:
    """What a user may choose (``choosable``), how a text narrows and orders it (``search``),
    and how one choice reads (``describe``); ``prepare`` loads what ``describe`` reads in a
    fixed number of queries."""

    name: str
    choosable: Callable[[Any], QuerySet]
    search: Callable[[QuerySet, str], QuerySet]
    describe: Callable[[Model], Choice]
    prepare: Callable[[QuerySet], QuerySet] = lambda queryset: queryset
    hint: str = ""


_PICKERS: dict[str, Picker] = {}


def register_picker(picker: Picker) -> None:
    """Called from a domain app's ``ready``; registering a name again replaces it."""
    _PICKERS[picker.name] = picker


def get_picker(name: str) -> Picker:
    return _PICKERS[name]


@dataclass(frozen=True)
class Found:
    """What a picker shows: the chosen objects first, then the search's matches."""

    chosen: list[Choice]
    matches: list[Choice]
    text: str
    more: bool

    @property
    def empty(self) -> bool:
        return bool(self.text) and not self.matches


def find(picker: Picker, choosable: QuerySet, text: str, chosen: Iterable[str]) -> Found:
    """The chosen objects and up to :data:`LIMIT` matches of ``text`` among ``choosable``; a
    chosen value the user may not choose is dropped, never shown."""
    values = [value for value in chosen if value]
    chosen_objects = (
        list(picker.prepare(choosable.filter(pk__in=values).distinct())) if values else []
    )
    chosen_choices = [picker.describe(obj) for obj in chosen_objects]
    kept = {choice.value for choice in chosen_choices}
    if text:
        found = list(picker.prepare(picker.search(choosable, text))[: LIMIT + len(kept) + 1])
        matches = [c for c in map(picker.describe, found) if c.value not in kept]
        return Found(chosen_choices, matches[:LIMIT], text, len(matches) > LIMIT)
    # A user who may choose among a few (a partner's own units) sees them all without searching.
    few = list(picker.prepare(picker.search(choosable, ""))[: LIMIT + 1])
    if len(few) > LIMIT:
        return Found(chosen_choices, [], text, False)
    return Found(
        chosen_choices, [c for c in map(picker.describe, few) if c.value not in kept], text, False
    )


class PickerWidget(forms.Widget):
    """The search box, its *Search* button and the choices; see the module docstring."""

    template_name = "components/picker.html"
    multiple = False

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.picker: Picker | None = None
        self.choosable: QuerySet | None = None
        self.text = ""

    def search_name(self, name: str) -> str:
        return f"{name}_q"

    def id_for_label(self, id_: str) -> str:
        """The label names the search box, the first thing a user fills in."""
        return f"{id_}_q" if id_ else id_

    def value_from_datadict(self, data: Mapping, files: Mapping, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return data.get(name)

    def value_omitted_from_data(self, data: Mapping, files: Mapping, name: str) -> bool:
        return False if self.multiple else name not in data

    def format_value(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(item, "pk", item)) for item in values if item not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        assert self.picker is not None and self.choosable is not None, "use PickerFormMixin"
        widget = context["widget"]
        widget_id = widget["attrs"].get("id", f"id_{name}")
        widget.update(
            found=find(self.picker, self.choosable, self.text, widget["value"]),
            search_name=self.search_name(name),
            search_id=self.id_for_label(widget_id),
            choices_id=f"{widget_id}_choices",
            widget_id=widget_id,
            input_type="checkbox" if self.multiple else "radio",
            url=reverse("kernel:pick", kwargs={"name": self.picker.name}),
            hint=self.picker.hint,
            search_button=SEARCH,
            described_by=widget["attrs"].get("aria-describedby", ""),
            invalid=widget["attrs"].get("aria-invalid") == "true",
        )
        return context


class PickerMultipleWidget(PickerWidget):
    multiple = True


class PickerField(forms.ModelChoiceField):
    """One object, chosen through the picker registered as ``picker``."""

    widget = PickerWidget

    def __init__(self, picker: str, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=None, **kwargs)
        self.picker_name = picker
        self.error_messages["required"] = _("Search, then choose one of the matches.")
        self.error_messages["invalid_choice"] = _("Choose one of the matches.")


class PickerMultipleField(forms.ModelMultipleChoiceField):
    """Any number of objects, chosen through the picker registered as ``picker``."""

    widget = PickerMultipleWidget

    def __init__(self, picker: str, **kwargs: Any) -> None:
        super().__init__(queryset=None, **kwargs)
        self.picker_name = picker
        self.error_messages["required"] = _("Search, then choose at least one of the matches.")
        self.error_messages["invalid_choice"] = _("Choose among the matches.")


PICKER_FIELDS = (PickerField, PickerMultipleField)


class PickerFormMixin:
    """Gives a form's picker fields what the user may choose and the text searched for.

    When the *Search* button sent the form, it is not valid (nothing is saved) but shows no
    errors either: the user asked for matches, not for a check. ``searching`` is where the search
    text comes from when it is not in the form's data (a page that searches by GET).
    """

    def __init__(
        self, *args: Any, user: Any = None, searching: Mapping | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        user = user if user is not None else AnonymousUser()
        source = searching if searching is not None else self.data
        for name, field in self.fields.items():
            if isinstance(field, PICKER_FIELDS):
                picker = get_picker(field.picker_name)
                field.queryset = picker.choosable(user)
                field.widget.picker = picker
                field.widget.choosable = field.queryset
                key = field.widget.search_name(self.add_prefix(name))
                field.widget.text = str(source.get(key, "")).strip()[:100]

    @property
    def searching(self) -> bool:
        """Whether the user pressed *Search* rather than the form's own button."""
        return bool(self.is_bound and self.data.get(SEARCH))

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.searching:
            self._errors = ErrorDict()
            return False
        return valid


def render_choices(picker: Picker, user: Any, query: Mapping) -> str:
    """The choices fragment for htmx: the same markup the field renders inside itself."""
    name = str(query.get("field", ""))
    widget_id = str(query.get("id", f"id_{name}"))
    multiple = query.get("multiple") == "1"
    text = str(query.get(f"{name}_q", "")).strip()[:100]
    chosen = query.getlist(name) if hasattr(query, "getlist") else []
    return render_to_string(
        "components/picker_choices.html",
        {
            "widget": {
                "name": name,
                "widget_id": widget_id,
                "input_type": "checkbox" if multiple else "radio",
                "found": find(picker, picker.choosable(user), text, chosen),
                "hint": picker.hint,
            }
        },
    )
