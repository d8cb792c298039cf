"""Minutes and follow-up actions: the rules of the services, the coordinators' pages, who sees
what on the activity page, the list of open actions and the demo's visit round."""

from datetime import datetime, time, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.activities.demo import load_activities
from samverkan.activities.followup import (
    ActionData,
    MinutesData,
    action_save,
    action_set_status,
    minutes_save,
)
from samverkan.activities.models import Action, ActionStatus, Activity, Minutes
from samverkan.activities.services import TEXT_LIMIT, activity_cancel
from samverkan.directory.models import Person

JENNY = "demo:p-029"  # Jenny Blom, lecturer in caring sciences at the University of Borås
GORAN = "demo:p-052"  # Göran Fält, Tranemo kommun


def person(external_id: str) -> Person:
    return Person.objects.get(external_id=external_id)


def started_yesterday() -> datetime:
    day = timezone.localdate() - timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(9)))


@pytest.fixture
def held(make_activity) -> Activity:
    return make_activity(title_sv="Nätverksträff om äldreomsorg", starts_at=started_yesterday())


def an_action(text: str = "Skicka förslag på exjobb", **fields) -> ActionData:
    return ActionData(
        text=text,
        owner=fields.pop("owner", None) or person(JENNY),
        due_date=fields.pop("due_date", timezone.localdate() + timedelta(days=20)),
        **fields,
    )


def test_a_coordinator_writes_the_minutes_and_saving_again_changes_the_same_minutes(
    held, demo_user
):
    coordinator = demo_user("coordinator")
    data = MinutesData(
        attendees=[person(JENNY), person(GORAN)],
        other_attendees="Eva Ek, Tranemo kommun\n\n  Per Lind  \n",
        discussion_sv="<p>Kompetensförsörjning</p><script>alert(1)</script>",
        decisions_sv="<ul><li>Vi skickar exjobbsförslag.</li></ul>",
    )
    minutes = minutes_save(coordinator, held, data)
    assert minutes.written_by == coordinator
    assert set(minutes.attendees.all()) == {person(JENNY), person(GORAN)}
    assert minutes.other_attendees == "Eva Ek, Tranemo kommun\nPer Lind"
    assert "<script>" not in minutes.discussion_sv
    data.attendees = [person(JENNY)]
    again = minutes_save(coordinator, held, data)
    assert again.pk == minutes.pk and list(again.attendees.all()) == [person(JENNY)]
    assert Minutes.objects.filter(activity=held).count() == 1


def test_no_minutes_or_actions_before_the_activity_starts_or_for_a_cancelled_one(
    make_activity, held
):
    coming = make_activity()  # next year
    with pytest.raises(ValidationError):
        minutes_save(None, coming, MinutesData(discussion_sv="För tidigt"))
    with pytest.raises(ValidationError):
        action_save(None, coming, an_action())
    activity_cancel(None, held)
    with pytest.raises(ValidationError):
        minutes_save(None, held, MinutesData(discussion_sv="Inställt"))
    assert not Minutes.objects.filter(activity__in=[coming, held]).exists()


@pytest.mark.parametrize("role", ["arena_admin", "partner", "expert"])
def test_only_the_arenas_coordinators_write_minutes_and_actions(held, demo_user, role):
    """The arena admin of the West Swedish arena is no coordinator of the Borås arena."""
    user = demo_user(role)
    with pytest.raises(PermissionDenied):
        minutes_save(user, held, MinutesData(discussion_sv="Nej"))
    with pytest.raises(PermissionDenied):
        action_save(user, held, an_action())
    action = action_save(None, held, an_action())
    with pytest.raises(PermissionDenied):
        action_set_status(user, action, ActionStatus.DONE)
    assert not Minutes.objects.filter(activity=held).exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


@pytest.mark.parametrize("name", ["discussion_sv", "discussion_en", "decisions_sv", "decisions_en"])
def test_a_text_longer_than_the_limit_is_refused_at_its_field(held, name):
    with pytest.raises(ValidationError) as refused:
        minutes_save(None, held, MinutesData(**{name: "x" * (TEXT_LIMIT + 1)}))
    assert list(refused.value.message_dict) == [name]
    assert minutes_save(None, held, MinutesData(**{name: "x" * TEXT_LIMIT}))


def test_an_action_needs_a_text_and_a_known_status(held):
    with pytest.raises(ValidationError) as refused:
        action_save(None, held, an_action(text="  ", status="finished"))
    assert set(refused.value.message_dict) == {"text", "status"}
    with pytest.raises(ValidationError):
        action_set_status(None, action_save(None, held, an_action()), "finished")


def test_an_action_of_one_activity_is_not_changed_through_another(held, make_activity):
    other = make_activity(title_sv="Ett annat möte", starts_at=started_yesterday())
    action = action_save(None, held, an_action())
    with pytest.raises(ValidationError):
        action_save(None, other, an_action(text="Kapat"), action)
    action.refresh_from_db()
    assert action.activity == held and action.text == "Skicka förslag på exjobb"


def test_minutes_and_actions_are_in_the_audit_trail(held, demo_user):
    coordinator = demo_user("coordinator")
    minutes = minutes_save(coordinator, held, MinutesData(decisions_sv="Beslut"))
    action = action_save(coordinator, held, an_action())
    action_set_status(coordinator, action, ActionStatus.DONE)
    assert LogEntry.objects.get_for_object(minutes).exists()
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(action)]
    assert {"status": ["open", "done"]} in changes


# The pages


def test_the_minutes_are_shown_to_the_arenas_coordinators_only(held, client_as):
    minutes_save(None, held, MinutesData(decisions_sv="<p>Hemligt beslut om exjobb</p>"))
    action_save(None, held, an_action(text="Ring socialchefen"))
    page = client_as("coordinator").get(held.get_absolute_url())
    assert "Hemligt beslut om exjobb" in page.content.decode()
    assert "Ring socialchefen" in page.content.decode()
    for role in (None, "partner", "arena_admin"):
        text = client_as(role).get(held.get_absolute_url()).content.decode()
        assert "Hemligt beslut" not in text and "Ring socialchefen" not in text, role


def test_a_coordinator_writes_the_minutes_and_adds_an_action_through_the_pages(held, client_as):
    client = client_as("coordinator")
    address = reverse("activities:minutes_edit", args=[held.pk])
    assert client.get(address).status_code == 200
    saved = client.post(
        address,
        {
            "attendees": [person(JENNY).pk, person(GORAN).pk],
            "other_attendees": "Eva Ek, Tranemo kommun",
            "discussion_sv": "<p>Vi pratade om kompetensförsörjning.</p>",
            "decisions_sv": "<p>Vi ses i höst.</p>",
        },
    )
    assert saved.status_code == 302
    assert set(Minutes.objects.get(activity=held).attendees.all()) == {person(JENNY), person(GORAN)}
    new_action = reverse("activities:action_new", args=[held.pk])
    due = timezone.localdate() + timedelta(days=14)
    made = client.post(
        new_action,
        {"text": "Boka nästa besök", "owner": person(GORAN).pk, "due_date": due, "status": "open"},
    )
    assert made.status_code == 302
    action = held.actions.get()
    assert (action.owner, action.due_date) == (person(GORAN), due)
    detail = client.get(held.get_absolute_url()).content.decode()
    assert "Vi pratade om kompetensförsörjning." in detail and "Eva Ek, Tranemo kommun" in detail
    changed = client.post(
        reverse("activities:action_status", args=[action.pk]),
        {"status": "done", "next": "https://example.com/elsewhere"},
    )
    assert changed.url == held.get_absolute_url() + "#actions-heading"  # never off the site
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_refused_action_is_shown_at_its_field_and_nothing_is_saved(held, client_as):
    response = client_as("coordinator").post(
        reverse("activities:action_new", args=[held.pk]),
        {"text": "Utan ansvarig", "owner": "", "due_date": "2026-13-40", "status": "open"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"owner", "due_date"}
    assert not held.actions.exists()


@pytest.mark.parametrize(
    ("role", "status"), [(None, 302), ("partner", 403), ("arena_admin", 403), ("coordinator", 200)]
)
def test_the_follow_up_pages_are_for_the_arenas_coordinators(held, client_as, role, status):
    action = action_save(None, held, an_action())
    client = client_as(role)
    for address in (
        reverse("activities:minutes_edit", args=[held.pk]),
        reverse("activities:action_new", args=[held.pk]),
        reverse("activities:action_edit", args=[held.pk, action.pk]),
    ):
        assert client.get(address).status_code == status, address
    changed = client.post(reverse("activities:action_status", args=[action.pk]), {"status": "done"})
    assert changed.status_code == (302 if status == 200 else status)
    action.refresh_from_db()
    assert action.is_finished == (role == "coordinator")


def test_the_list_of_actions_filters_by_status_and_overdue(held, client_as):
    today = timezone.localdate()
    action_save(None, held, an_action("Försenad uppgift", due_date=today - timedelta(days=2)))
    action_save(None, held, an_action("Kommande uppgift", due_date=today + timedelta(days=9)))
    action_save(None, held, an_action("Klar uppgift", status=ActionStatus.DONE))
    client = client_as("coordinator")
    address = reverse("activities:actions")

    def listed(query: dict) -> set[str]:
        page = client.get(address, query)
        assert page.status_code == 200
        return {action.text for action in page.context["page"]} & {
            "Försenad uppgift",
            "Kommande uppgift",
            "Klar uppgift",
        }

    assert listed({}) == {"Försenad uppgift", "Kommande uppgift"}
    assert listed({"overdue": "on"}) == {"Försenad uppgift"}
    assert listed({"status": "done"}) == {"Klar uppgift"}
    assert client_as("partner").get(address).status_code == 403


def test_the_list_of_actions_costs_the_same_queries_for_3_or_30_actions(held, client_as):
    client = client_as("coordinator")
    address = reverse("activities:actions")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    for number in range(3):
        action_save(None, held, an_action(f"Uppgift {number}"))
    few = queries()
    for number in range(3, 30):
        owner = person(JENNY if number % 2 else GORAN)
        action_save(None, held, an_action(f"Uppgift {number}", owner=owner))
    assert queries() == few


def test_the_activity_page_costs_the_same_queries_for_1_or_10_actions(held, client_as):
    client = client_as("coordinator")
    minutes_save(None, held, MinutesData(attendees=[person(JENNY)], decisions_sv="Beslut"))
    action_save(None, held, an_action("Första"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(held.get_absolute_url()).status_code == 200
        return len(captured)

    one = queries()
    for number in range(9):
        action_save(None, held, an_action(f"Uppgift {number}", owner=person(GORAN)))
    assert queries() == one


# The demo


def test_the_demo_visit_to_tranemo_has_minutes_and_actions_and_loading_again_adds_nothing(db):
    tranemo = Activity.objects.get(external_id="demo:visit-tranemo-2026")
    assert "äldreomsorg" in tranemo.minutes.discussion_sv
    thesis = tranemo.actions.get(text="Skicka förslag på exjobb inom äldreomsorg")
    assert thesis.owner.affiliations.filter(organization__slug__startswith="hb").exists()
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {ActionStatus.DONE, ActionStatus.OPEN} <= statuses
    before = (Minutes.objects.count(), Action.objects.count())
    load_activities()
    assert (Minutes.objects.count(), Action.objects.count()) == before
