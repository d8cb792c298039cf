"""Forms of the activity pages; they only parse input, the services own the rules."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.roles import coordinated_arena_ids, is_system_admin
from samverkan.arenas.models import Arena
from samverkan.catalogue.forms import RICH_TEXT_HELP
from samverkan.kernel.picker import PickerField, PickerFormMixin, PickerMultipleField
from samverkan.sdg.models import Goal

from .models import Activity, ActivityKind, Registration, RegistrationMode
from .services import ActivityData, RegistrationData


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("We send the confirmation and a link to cancel here.")
    )
    organization_name = forms.CharField(
        label=_("Your organisation"), max_length=200, required=False
    )
    dietary = forms.CharField(
        label=_("Dietary needs"),
        max_length=500,
        required=False,
        help_text=_("For example vegetarian or gluten-free."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=500,
        required=False,
        help_text=_("For example a hearing loop or step-free access."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the organisers store my details to run the activity"),
        error_messages={"required": _("We need your consent to register you.")},
    )
    # A field people never see: software that fills in every field fills in this one too.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            name=data["name"],
            email=data["email"],
            organization_name=data["organization_name"],
            dietary=data["dietary"],
            accessibility=data["accessibility"],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusal next to the field it names, or above the form."""
        for name, messages in error.update_error_dict({}).items():
            self.add_error(name if name in self.fields else None, messages)


class InvitedRegistrationForm(RegistrationForm):
    """Registration by an invitation's link: the address is the invitation's own."""

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # what was posted for the address is ignored
            self.data = self.data.copy()
            self.data["email"] = email
        field = self.fields["email"]
        field.initial = email
        field.widget.attrs["readonly"] = True
        field.help_text = _("The invitation was sent to this address.")
        del self.fields["website"]


def planning_arenas(user: Any) -> QuerySet[Arena]:
    """The arenas whose activities the user plans: those they coordinate (every one for a
    system admin)."""
    if is_system_admin(user):
        return Arena.objects.all()
    return Arena.objects.filter(pk__in=coordinated_arena_ids(user))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _local(moment: datetime) -> datetime:
    return moment.astimezone(timezone.get_default_timezone())


def _moment(day: date, clock: time) -> datetime:
    """A day and a time on the clock in Europe/Stockholm (summer time or not)."""
    return timezone.make_aware(datetime.combine(day, clock), timezone.get_default_timezone())


class ActivityForm(PickerFormMixin, forms.Form):
    """Plan or change an activity: every field of :class:`ActivityData`; times are entered as a
    day and a time in Europe/Stockholm."""

    # ActivityData's fields whose form field has the same name.
    SAME = (
        "title_sv",
        "title_en",
        "kind",
        "arena",
        "host",
        "address",
        "online_url",
        "description_sv",
        "description_en",
        "agenda_sv",
        "agenda_en",
        "is_public",
        "registration",
        "capacity",
        "waiting_list",
    )
    # Where the service's errors about the times are shown.
    MOMENTS = {"starts_at": "starts_on", "ends_at": "ends_on"}

    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=250)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250, required=False)
    arena = forms.ModelChoiceField(label=_("Arena"), queryset=Arena.objects.none())
    kind = forms.ModelChoiceField(label=_("Kind of activity"), queryset=ActivityKind.objects.none())
    starts_on = forms.DateField(label=_("Start date"), widget=_date_input())
    starts_time = forms.TimeField(label=_("Start time"), widget=_time_input())
    ends_on = forms.DateField(label=_("End date"), widget=_date_input())
    ends_time = forms.TimeField(label=_("End time"), widget=_time_input())
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For example a Teams or Zoom link."),
    )
    host = PickerField("organizations", label=_("Host"))
    organizations = PickerMultipleField(
        "organizations", label=_("Organisations involved"), required=False
    )
    people = PickerMultipleField("people", label=_("Hosts and speakers"), required=False)
    goals = forms.ModelMultipleChoiceField(
        label=_("Global Goals"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description_sv = forms.CharField(
        label=_("Description (Swedish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=RICH_TEXT_HELP,
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    agenda_sv = forms.CharField(
        label=_("Agenda (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    agenda_en = forms.CharField(
        label=_("Agenda (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    is_public = forms.BooleanField(
        label=_("Public: everyone sees the activity (otherwise the arena's coordinators only)"),
        required=False,
        initial=True,
    )
    registration = forms.ChoiceField(
        label=_("Registration"),
        choices=RegistrationMode.choices,
        initial=RegistrationMode.OFF,
        widget=forms.RadioSelect,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        help_text=_("Leave it empty for no limit."),
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    waiting_list = forms.BooleanField(
        label=_("Waiting list when all places are taken"), required=False, initial=True
    )

    def __init__(self, *args: Any, activity: Activity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        arenas = planning_arenas(kwargs.get("user"))
        self.fields["arena"].queryset = arenas
        self.fields["kind"].queryset = ActivityKind.objects.filter(
            Q(arena=None) | Q(arena__in=arenas)
        ).select_related("arena")
        self.fields["kind"].label_from_instance = _kind_label
        if activity is not None:
            self.initial = {**_initial(activity), **self.initial}
        elif arenas.count() == 1:
            self.fields["arena"].initial = arenas.get()

    def groups(self) -> list[tuple[str, list[list[forms.BoundField]]]]:
        """The fields under the headings the page shows them in, by rows (fields side by side
        share a row); a group without a heading is one field that has its own legend."""
        layout: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
            (
                _("What"),
                (
                    ("title_sv",),
                    ("title_en",),
                    ("arena", "kind"),
                    ("description_sv",),
                    ("description_en",),
                ),
            ),
            (_("When"), (("starts_on", "starts_time"), ("ends_on", "ends_time"))),
            (_("Where"), (("address",), ("online_url",))),
            (_("Who"), (("host",), ("organizations",), ("people",))),
            (_("Agenda"), (("agenda_sv",), ("agenda_en",))),
            ("", (("goals",),)),
            (
                _("Registration and visibility"),
                (("registration",), ("capacity",), ("waiting_list",), ("is_public",)),
            ),
        )
        return [
            (str(heading), [[self[name] for name in row] for row in rows])
            for heading, rows in layout
        ]

    def activity_data(self) -> ActivityData:
        data = self.cleaned_data
        return ActivityData(
            **{name: data[name] for name in self.SAME},
            starts_at=_moment(data["starts_on"], data["starts_time"]),
            ends_at=_moment(data["ends_on"], data["ends_time"]),
            organizations=list(data["organizations"]),
            people=list(data["people"]),
            goals=list(data["goals"]),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusal next to the field it names (the times at their day)."""
        for name, messages in error.update_error_dict({}).items():
            name = self.MOMENTS.get(name, name)
            self.add_error(name if name in self.fields else None, messages)


def _kind_label(kind: ActivityKind) -> str:
    return f"{kind.name} ({kind.arena.name})" if kind.arena_id else kind.name


def _initial(activity: Activity) -> dict[str, object]:
    starts, ends = _local(activity.starts_at), _local(activity.ends_at)
    return {
        **{name: getattr(activity, name) for name in ActivityForm.SAME},
        "arena": activity.arena_id,
        "kind": activity.kind_id,
        "host": activity.host_id,
        "starts_on": starts.date(),
        "starts_time": starts.time(),
        "ends_on": ends.date(),
        "ends_time": ends.time(),
        "organizations": [o.pk for o in activity.organizations.all()],
        "people": [p.pk for p in activity.people.all()],
        "goals": [g.pk for g in activity.goals.all()],
    }


ATTENDED = {"yes": True, "no": False}


class AttendanceForm(forms.Form):
    """Who came, one choice per registration, for the rows of one page."""

    def __init__(self, *args: Any, registrations: Iterable[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[self.field_name(registration)] = forms.ChoiceField(
                label=registration.name,
                required=False,
                choices=[("", _("Not marked")), ("yes", _("Attended")), ("no", _("Did not come"))],
                initial={True: "yes", False: "no"}.get(registration.attended, ""),
            )

    @staticmethod
    def field_name(registration: Registration) -> str:
        return f"attended_{registration.pk}"

    def rows(self) -> list[tuple[Registration, forms.BoundField]]:
        return [(r, self[self.field_name(r)]) for r in self.registrations]

    def marks(self) -> list[tuple[Registration, bool]]:
        """The registrations whose mark is given and changed, with the new mark."""
        marks = []
        for registration in self.registrations:
            value = ATTENDED.get(self.cleaned_data[self.field_name(registration)])
            if value is not None and value != registration.attended:
                marks.append((registration, value))
        return marks


#: How many outside addresses one form invites at most.
MAX_EMAILS = 200


class InvitationForm(PickerFormMixin, forms.Form):
    people = PickerMultipleField("people", label=_("People in the directory"), required=False)
    emails = forms.CharField(
        label=_("Other e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One address a line."),
    )

    def clean_emails(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["emails"].splitlines()]
        emails = [line for line in lines if line]
        if len(emails) > MAX_EMAILS:
            raise ValidationError(
                _("Invite at most %(count)s addresses at a time.") % {"count": MAX_EMAILS}
            )
        wrong = []
        for number, email in enumerate(lines, start=1):
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError:
                wrong.append(
                    _("Line %(number)s is not an e-mail address: %(text)s")
                    % {"number": number, "text": email}
                )
        if wrong:
            raise ValidationError(wrong)
        return emails

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("people") and not data.get("emails"):
            raise ValidationError(_("Choose at least one person or write an e-mail address."))
        return data
