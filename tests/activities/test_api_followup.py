"""Minutes and follow-up actions in the API: the coordinators read and write them, everyone
else gets a JSON 401, 403 or 404, and bad input a 400 naming the field."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from samverkan.activities.followup import ActionData, action_save
from samverkan.activities.models import Action, ActionStatus, Activity, Minutes
from samverkan.directory.models import Person

API = "/api/v1"


def send(client, method: str, path: str, body: dict):
    return getattr(client, method)(path, body, content_type="application/json")


@pytest.fixture
def held(make_activity) -> Activity:
    day = timezone.localdate() - timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, time(9)))
    return make_activity(title_sv="Nätverksträff om äldreomsorg", starts_at=start)


@pytest.fixture
def jenny(db) -> Person:
    return Person.objects.get(external_id="demo:p-029")


def test_a_coordinator_writes_and_reads_the_minutes(client_as, held, jenny):
    client = client_as("coordinator")
    address = f"{API}/activities/{held.pk}/minutes"
    assert client.get(address).status_code == 404  # none yet
    written = send(
        client,
        "put",
        address,
        {
            "attendees": [jenny.pk],
            "other_attendees": ["Eva Ek, Tranemo kommun"],
            "discussion_sv": "<p>Kompetensförsörjning i äldreomsorgen</p><script>x</script>",
            "decisions_sv": "<p>Exjobbsförslag skickas.</p>",
        },
    )
    assert written.status_code == 200, written.content
    body = client.get(address).json()
    assert body["attendees"] == [{"id": jenny.pk, "name": jenny.full_name}]
    assert body["other_attendees"] == ["Eva Ek, Tranemo kommun"]
    assert "<script>" not in body["discussion_sv"]
    assert Minutes.objects.filter(activity=held).count() == 1


def test_a_coordinator_adds_lists_and_changes_actions(client_as, held, jenny):
    client = client_as("coordinator")
    due = timezone.localdate() + timedelta(days=21)
    made = send(
        client,
        "post",
        f"{API}/activities/{held.pk}/actions",
        {"text": "Skicka förslag på exjobb", "owner": jenny.pk, "due_date": due.isoformat()},
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "open" and made.json()["owner"]["id"] == jenny.pk
    listed = client.get(f"{API}/activities/{held.pk}/actions").json()
    assert listed["count"] == 1 and listed["items"][0]["text"] == "Skicka förslag på exjobb"
    changed = send(client, "patch", f"{API}/actions/{made.json()['id']}", {"status": "done"})
    assert changed.status_code == 200
    action = Action.objects.get(pk=made.json()["id"])
    assert (action.status, action.due_date, action.owner) == (ActionStatus.DONE, due, jenny)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("minutes", {"attendees": [999999]}, "attendees"),
        ("minutes", {"decisions_en": "x" * 20_001}, "decisions_en"),
        ("actions", {"text": "X", "owner": 999999, "due_date": "2027-01-01"}, "owner"),
        ("actions", {"text": " ", "owner": 0, "due_date": "2027-01-01"}, "owner"),
        ("actions", {"text": "X", "owner": 1, "due_date": "2027-02-30"}, "due_date"),
        ("actions", {"text": "X", "owner": 1, "due_date": "2027-01-01", "status": "?"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(
    client_as, held, path, body, field
):
    method = "put" if path == "minutes" else "post"
    response = send(client_as("coordinator"), method, f"{API}/activities/{held.pk}/{path}", body)
    assert response.status_code == 400
    assert response.json()["detail"].split(":")[0].split(".")[-1] == field
    assert not Minutes.objects.filter(activity=held).exists() and not held.actions.exists()


def test_a_blank_action_text_is_refused_by_the_service_naming_the_field(client_as, held, jenny):
    response = send(
        client_as("coordinator"),
        "post",
        f"{API}/activities/{held.pk}/actions",
        {"text": "   ", "owner": jenny.pk, "due_date": "2027-01-01"},
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("text")


def test_minutes_of_an_activity_that_has_not_started_are_refused(client_as, make_activity):
    coming = make_activity()
    response = send(client_as("coordinator"), "put", f"{API}/activities/{coming.pk}/minutes", {})
    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("partner", 403), ("arena_admin", 403)])
def test_others_get_a_json_error_and_change_nothing(client_as, held, jenny, role, status):
    action = action_save(
        None,
        held,
        ActionData(text="Ring kommunen", owner=jenny, due_date=timezone.localdate()),
    )
    client = client_as(role)
    for response in (
        client.get(f"{API}/activities/{held.pk}/minutes"),
        send(client, "put", f"{API}/activities/{held.pk}/minutes", {"decisions_sv": "Nej"}),
        client.get(f"{API}/activities/{held.pk}/actions"),
        send(
            client,
            "post",
            f"{API}/activities/{held.pk}/actions",
            {"text": "X", "owner": jenny.pk, "due_date": "2027-01-01"},
        ),
        send(client, "patch", f"{API}/actions/{action.pk}", {"status": "done"}),
    ):
        assert response.status_code == status
        assert "detail" in response.json()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and not Minutes.objects.filter(activity=held).exists()


def test_the_minutes_of_an_internal_activity_are_not_found_by_those_who_do_not_see_it(
    client_as, db
):
    internal = Activity.objects.get(external_id="demo:partnergrupp-vast")
    response = client_as("partner").get(f"{API}/activities/{internal.pk}/minutes")
    assert response.status_code == 404 and "detail" in response.json()
    missing = send(client_as("coordinator"), "patch", f"{API}/actions/999999", {"status": "done"})
    assert missing.status_code == 404 and "detail" in missing.json()


def test_the_openapi_document_describes_the_follow_up_operations(client, db):
    document = client.get(f"{API}/openapi.json").json()
    assert {"get", "put"} <= set(document["paths"]["/api/v1/activities/{activity_id}/minutes"])
    assert {"get", "post"} <= set(document["paths"]["/api/v1/activities/{activity_id}/actions"])
    assert "patch" in document["paths"]["/api/v1/actions/{action_id}"]
    schemas = document["components"]["schemas"]
    assert {"MinutesIn", "MinutesOut", "ActionIn", "ActionOut", "ActionPatch"} <= set(schemas)
