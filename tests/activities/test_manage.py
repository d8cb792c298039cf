"""The coordinators' pages for an activity: planning and editing on a page (times in Stockholm,
errors at the field, rich text sanitised), marking it as held, cancelling it after a
confirmation, the registrations with attendance and exports, the .ics in the confirmation
e-mails, and who may reach all of it."""

import csv
import io
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from samverkan.activities.forms import AttendanceForm
from samverkan.activities.models import (
    Activity,
    ActivityKind,
    Invitation,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Status,
)
from samverkan.activities.services import (
    TEXT_LIMIT,
    ActivityData,
    RegistrationData,
    activity_cancel,
    activity_held,
    activity_save,
    cancel_registration,
    register,
)
from samverkan.activities.views_manage import EXPORT_COLUMNS, PAGE_SIZE
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization
from samverkan.kernel.tasks import run_here
from samverkan.sdg.models import Goal

from .conftest import STOCKHOLM

MAIL_JOB = "samverkan.kernel.mail.send_email"


def url(name: str, activity: Activity | None = None, **kwargs) -> str:
    if activity is not None:
        kwargs["pk"] = activity.pk
    with translation.override("en"):
        return reverse(f"activities:{name}", kwargs=kwargs)


def form_data(**changes) -> dict:
    """What a coordinator fills in for a workshop of the University of Borås's arena."""
    year = datetime.now().year + 1
    data = {
        "title_sv": "Workshop om äldreomsorgens kompetensförsörjning",
        "title_en": "Workshop on skills supply in elderly care",
        "arena": Arena.objects.get(slug="hb-kommunsamverkan").pk,
        "kind": ActivityKind.objects.get(slug="workshop", arena=None).pk,
        "starts_on": f"{year}-07-01",
        "starts_time": "09:00",
        "ends_on": f"{year}-07-01",
        "ends_time": "12:00",
        "address": "Högskolan i Borås, Allégatan 1",
        "host": Organization.objects.get(slug="hb").pk,
        "organizations": [Organization.objects.get(slug="kommun-boras").pk],
        "goals": [Goal.objects.get(number=3).pk, Goal.objects.get(number=8).pk],
        "description_sv": "<p>Hur behåller vi undersköterskorna?</p>",
        "is_public": "on",
        "registration": RegistrationMode.OPEN,
        "capacity": "20",
        "waiting_list": "on",
    }
    return {**data, **changes}


def test_a_coordinator_plans_an_activity_on_the_page_in_stockholm_time(client_as):
    response = client_as("coordinator").post(url("new"), form_data())
    assert response.status_code == 302
    activity = Activity.objects.get(title_sv="Workshop om äldreomsorgens kompetensförsörjning")
    assert response["Location"] == activity.get_absolute_url()
    year = datetime.now().year + 1
    assert activity.starts_at == datetime(year, 7, 1, 9, tzinfo=STOCKHOLM)
    assert activity.ends_at == datetime(year, 7, 1, 12, tzinfo=STOCKHOLM)
    assert activity.capacity == 20 and activity.host.slug == "hb"
    assert {g.number for g in activity.goals.all()} == {3, 8}
    assert [o.slug for o in activity.organizations.all()] == ["kommun-boras"]


def test_nine_in_the_morning_in_summer_is_seven_utc(client_as):
    client_as("coordinator").post(url("new"), form_data(title_sv="Sommarmöte"))
    starts = Activity.objects.get(title_sv="Sommarmöte").starts_at
    assert starts.astimezone(UTC) == datetime(starts.year, 7, 1, 7, tzinfo=UTC)


def test_editing_on_the_page_shows_the_activity_and_raises_its_sequence(client_as, make_activity):
    activity = make_activity(capacity=12)
    client = client_as("coordinator")
    page = client.get(url("edit", activity))
    assert page.status_code == 200
    assert page.context["form"]["starts_time"].value().strftime("%H:%M") == "09:00"
    data = {
        key: value
        for key, value in form_data(title_sv="Ny titel").items()
        if key not in ("organizations", "goals")
    }
    before = activity.sequence
    assert client.post(url("edit", activity), data).status_code == 302
    activity.refresh_from_db()
    assert activity.title_sv == "Ny titel" and activity.sequence == before + 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": f"{datetime.now().year + 1}-06-30"}, "ends_on"),
        ({"ends_time": "08:00"}, "ends_on"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "-5"}, "capacity"),
        ({"description_sv": "a" * 100_000}, "description_sv"),
        ({"kind": "999999"}, "kind"),
        ({"title_sv": ""}, "title_sv"),
        ({"host": ""}, "host"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(client_as, changes, field):
    count = Activity.objects.count()
    response = client_as("coordinator").post(url("new"), form_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Activity.objects.count() == count


def test_a_description_of_100_kb_is_over_the_limit(client_as):
    response = client_as("coordinator").post(url("new"), form_data(description_sv="a" * 100_000))
    with translation.override("en"):
        assert f"{TEXT_LIMIT:,}" in str(response.context["form"].errors["description_sv"])


def test_a_kind_of_another_arena_is_not_offered_and_is_refused(client_as, west_arena):
    # Kinds of one arena are configured in the administration; there is no service for them.
    west_kind = ActivityKind.objects.create(slug="stamma", name_sv="Stämma", arena=west_arena)
    client = client_as("coordinator")  # coordinates both arenas
    offered = client.get(url("new")).context["form"].fields["kind"].queryset
    assert west_kind in offered and offered.filter(arena=None).exists()
    response = client.post(url("new"), form_data(kind=west_kind.pk))  # for the Borås arena
    assert response.status_code == 400 and "kind" in response.context["form"].errors
    assert (
        client.post(url("new"), form_data(kind=west_kind.pk, arena=west_arena.pk)).status_code
        == 302
    )


def test_a_script_in_the_description_is_neither_stored_nor_shown(client, client_as):
    attack = '<p>Välkomna</p><script>alert("x")</script><a href="javascript:alert(1)">länk</a>'
    client_as("coordinator").post(
        url("new"), form_data(title_sv="Skriptprov", description_sv=attack)
    )
    activity = Activity.objects.get(title_sv="Skriptprov")
    assert "<script" not in activity.description_sv and "javascript:" not in activity.description_sv
    assert "<p>Välkomna</p>" in activity.description_sv
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'alert("x")' not in page and "javascript:alert" not in page


def test_marking_as_held(client_as, make_activity):
    activity = make_activity(starts_at=timezone.now() - timedelta(hours=2))
    assert client_as("coordinator").post(url("held", activity)).status_code == 302
    activity.refresh_from_db()
    assert activity.status == Status.HELD


def test_cancelling_asks_first_then_tells_everyone(
    client_as, make_activity, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=1)
    register(activity, RegistrationData(name="Ett", email="ett@example.se"))
    register(activity, RegistrationData(name="Två", email="tva@example.se"))
    client = client_as("coordinator")
    with translation.override("en"):
        confirm = client.get(url("cancel", activity))
    assert "2 people are registered or waiting" in confirm.content.decode()
    assert client.post(url("cancel", activity)).status_code == 200  # no confirmation: asks again
    activity.refresh_from_db()
    assert activity.status == Status.PLANNED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("cancel", activity), {"confirm": "1"}).status_code == 302
    activity.refresh_from_db()
    assert activity.status == Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["ett@example.se", "tva@example.se"]


def test_the_detail_page_shows_the_tools_to_its_coordinators_only(client, client_as, make_activity):
    activity = make_activity()
    with translation.override("sv"):
        edit = reverse("activities:edit", kwargs={"pk": activity.pk})
    assert edit in client_as("coordinator").get(activity.get_absolute_url()).content.decode()
    for other in (client, client_as("arena_admin")):
        assert edit not in other.get(activity.get_absolute_url()).content.decode()


def test_the_list_offers_planning_to_coordinators_only(client, client_as):
    with translation.override("sv"):
        address = reverse("activities:list")
        new = reverse("activities:new")
    assert new in client_as("coordinator").get(address).content.decode()
    assert new not in client.get(address).content.decode()
    assert new not in client_as("partner").get(address).content.decode()


# Registrations


def person(number: int) -> RegistrationData:
    return RegistrationData(name=f"Deltagare {number}", email=f"deltagare{number}@example.se")


def past(activity: Activity) -> Activity:
    """The same activity moved to yesterday, so that attendance can be marked."""
    starts = timezone.now() - timedelta(days=1)
    data = ActivityData(
        title_sv=activity.title_sv,
        kind=activity.kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        host=activity.host,
        arena=activity.arena,
        registration=activity.registration,
        capacity=activity.capacity,
    )
    return activity_save(None, data, activity)


def test_the_registrations_are_listed_by_status_a_page_at_a_time(client_as, make_activity):
    activity = make_activity(capacity=PAGE_SIZE + 1)
    made = [register(activity, person(n)) for n in range(PAGE_SIZE + 3)]
    cancel_registration(made[0])  # the first in line gets the place
    client = client_as("coordinator")
    confirmed = client.get(url("registrations", activity))
    counts = {value: count for value, _, count in confirmed.context["tabs"]}
    assert counts == {
        RegistrationStatus.CONFIRMED: PAGE_SIZE + 1,
        RegistrationStatus.WAITING: 1,
        RegistrationStatus.CANCELLED: 1,
    }
    assert len(confirmed.context["page"].object_list) == PAGE_SIZE
    second = client.get(url("registrations", activity), {"page": 2})
    assert len(second.context["page"].object_list) == 1
    waiting = client.get(url("registrations", activity), {"status": "waiting"})
    assert [r.email for r in waiting.context["page"]] == [made[-1].email]
    assert confirmed.context["attendance"] is None  # not begun yet


def queries_for_registrations(client, activity) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("registrations", activity)).status_code == 200
    return len(queries)


def test_the_registrations_page_costs_the_same_queries_with_more_rows(client_as, make_activity):
    few, many = make_activity(), make_activity()
    for number in range(3):
        register(few, person(number))
    for number in range(PAGE_SIZE + 5):
        register(many, person(number))
    client = client_as("coordinator")
    counted = [queries_for_registrations(client, past(activity)) for activity in (few, many)]
    assert counted[0] == counted[1]


def test_attendance_is_marked_for_every_row_in_one_form(client_as, make_activity):
    activity = make_activity()
    came, absent, unknown = (register(activity, person(n)) for n in range(3))
    activity = past(activity)
    client = client_as("coordinator")
    page = client.get(url("registrations", activity))
    assert isinstance(page.context["attendance"], AttendanceForm)
    name = AttendanceForm.field_name
    response = client.post(
        url("attendance", activity),
        {name(came): "yes", name(absent): "no", name(unknown): "", "page": "1"},
    )
    assert response.status_code == 302
    marks = dict(Registration.objects.filter(activity=activity).values_list("email", "attended"))
    assert marks == {came.email: True, absent.email: False, unknown.email: None}


def test_attendance_is_not_marked_before_the_activity_begins(client_as, make_activity):
    activity = make_activity()
    registration = register(activity, person(1))
    client_as("coordinator").post(
        url("attendance", activity), {AttendanceForm.field_name(registration): "yes"}
    )
    registration.refresh_from_db()
    assert registration.attended is None


FORMULA = '=HYPERLINK("http://evil.example","Klicka")'


def test_the_registrations_export_as_csv_with_formulas_kept_as_text(client_as, make_activity):
    activity = make_activity()
    register(activity, RegistrationData(name=FORMULA, email="a@example.se", dietary="Vegan"))
    response = client_as("coordinator").get(url("export", activity, format="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert rows[0]["name"] == "'" + FORMULA
    assert rows[0]["email"] == "a@example.se" and rows[0]["status"] == "confirmed"


def test_the_registrations_export_as_xlsx_with_formulas_kept_as_text(client_as, make_activity):
    activity = make_activity()
    register(activity, RegistrationData(name=FORMULA, email="a@example.se"))
    response = client_as("coordinator").get(url("export", activity, format="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=False))[:2]
    assert [cell.value for cell in header] == EXPORT_COLUMNS
    assert row[0].value == FORMULA and row[0].data_type == "s"


def test_an_unknown_export_format_is_not_found(client_as, make_activity):
    activity = make_activity()
    assert client_as("coordinator").get(url("export", activity, format="pdf")).status_code == 404


# The .ics in the confirmation e-mails, through the job queue and the worker's code


@pytest.fixture
def jobs_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sent_by_the_worker() -> list[mail.EmailMessage]:
    mail.outbox.clear()
    run_here(
        [
            str(job)
            for job in DBTaskResult.objects.filter(task_path=MAIL_JOB).values_list("id", flat=True)
        ]
    )
    DBTaskResult.objects.filter(task_path=MAIL_JOB).delete()
    return list(mail.outbox)


def calendar_of(message: mail.EmailMessage) -> icalendar.Calendar:
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    filename, content, _ = attachment
    assert filename.endswith(".ics")
    return icalendar.Calendar.from_ical(content)


def test_the_registered_and_promoted_emails_carry_the_activitys_ics(
    make_activity, jobs_in_database
):
    activity = make_activity(capacity=1)
    first = register(activity, person(1))
    (registered,) = sent_by_the_worker()
    (event,) = calendar_of(registered).walk("VEVENT")
    assert str(event["UID"]) == f"{activity.uid}@samverkan"
    register(activity, person(2))
    (waiting,) = sent_by_the_worker()
    assert waiting.attachments == []  # a place in line is not a place in the calendar
    cancel_registration(first)
    messages = {m.to[0]: m for m in sent_by_the_worker()}
    assert messages[first.email].attachments == []
    (event,) = calendar_of(messages["deltagare2@example.se"]).walk("VEVENT")
    assert str(event["UID"]) == f"{activity.uid}@samverkan"


# Who may do it


PAGES = ["edit", "registrations", "invitations", "cancel"]
POSTS = ["edit", "held", "cancel", "attendance", "invitations"]


@pytest.fixture
def boras_activity(make_activity):
    activity = make_activity(capacity=5, registration=RegistrationMode.OPEN)
    registration = register(activity, person(1))
    return past(activity), registration


@pytest.mark.parametrize("role", [None, "partner", "arena_admin"])
def test_nobody_but_the_arenas_coordinators_reaches_the_management_pages(
    client_as, boras_activity, role
):
    activity, registration = boras_activity
    client = client_as(role)  # arena_admin: coordinator of the West Swedish arena only
    before = (activity.sequence, activity.status, activity.title_sv)
    for name in PAGES:
        assert client.get(url(name, activity)).status_code in (403, 404), name
    for format in ("csv", "xlsx"):
        assert client.get(url("export", activity, format=format)).status_code in (403, 404)
    for name in POSTS:
        response = client.post(
            url(name, activity),
            {
                **form_data(title_sv="Kapad"),
                "confirm": "1",
                "emails": "intrang@example.se",
                AttendanceForm.field_name(registration): "no",
            },
        )
        assert response.status_code in (403, 404), name
    activity.refresh_from_db()
    registration.refresh_from_db()
    assert (activity.sequence, activity.status, activity.title_sv) == before
    assert registration.attended is None
    assert not Invitation.objects.filter(activity=activity).exists()
    assert not Activity.objects.filter(title_sv="Kapad").exists()
    planned = client.post(url("new"), form_data(title_sv="Kapad"))
    assert planned.status_code in (403, 404) or (
        role == "arena_admin" and planned.status_code == 400
    )
    assert not Activity.objects.filter(title_sv="Kapad").exists()


def test_an_internal_activity_of_another_arena_is_not_found(client_as, make_activity):
    activity = make_activity(is_public=False)
    for name in PAGES:
        assert client_as("arena_admin").get(url(name, activity)).status_code == 404


def test_the_arenas_coordinator_reaches_every_page(client_as, boras_activity):
    activity, _ = boras_activity
    client = client_as("coordinator")
    for name in PAGES:
        assert client.get(url(name, activity)).status_code == 200, name
    assert client.get(url("new")).status_code == 200


def test_a_cancelled_activity_is_not_marked_as_held(client_as, make_activity):
    activity = make_activity(starts_at=timezone.now() - timedelta(hours=2))
    client = client_as("coordinator")
    client.post(url("cancel", activity), {"confirm": "1"})
    client.post(url("held", activity))
    activity.refresh_from_db()
    assert activity.status == Status.CANCELLED


def test_the_service_refuses_to_mark_a_cancelled_activity_as_held(make_activity):
    activity = make_activity()
    activity_cancel(None, activity)
    with pytest.raises(ValidationError):
        activity_held(None, activity)
    activity.refresh_from_db()
    assert activity.status == Status.CANCELLED
