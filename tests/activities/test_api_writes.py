"""Planning, changing and cancelling activities through the API: the arena's coordinators only,
through ``activity_save`` (same rules, field-named 400s), a change keeps the UID and raises the
SEQUENCE; and the public registration endpoint is rate-limited."""

import json
from datetime import UTC, datetime

import icalendar
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.activities.models import Activity, Status
from samverkan.activities.services import ActivityData
from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization

API = "/api/v1"
BORAS = "hb-kommunsamverkan"


def body(**changes: object) -> dict:
    return {
        "title_sv": "Workshop om klimatanpassning",
        "description_sv": "<p>Skyfall och värmeböljor.</p>",
        "kind": "workshop",
        "starts_at": "2027-07-01T09:00",
        "ends_at": "2027-07-01T12:00",
        "host": Organization.objects.get(slug="hb").pk,
        "arena": BORAS,
        "sdgs": [11, 13],
        "registration": "open",
        "capacity": 25,
        **changes,
    }


def post(client: Client, path: str, data: dict | None = None):
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def patch(client: Client, path: str, data: dict):
    return client.patch(path, json.dumps(data), content_type="application/json")


@pytest.fixture
def coordinator_of(db):
    """``coordinator_of(slug)``: a client logged in as a coordinator of that arena only."""

    def make(slug: str) -> Client:
        user = User.objects.create_user(f"only-{slug}@example.se", "samverkan-demo")
        Arena.objects.get(slug=slug).coordinators.add(user)
        client = Client()
        client.force_login(user)
        return client

    return make


def test_a_coordinator_plans_an_activity_in_stockholm_time(coordinator_of):
    made = post(coordinator_of(BORAS), f"{API}/activities", body())
    assert made.status_code == 201, made.content
    answer = made.json()
    activity = Activity.objects.get(pk=answer["id"])
    # Summer time: Stockholm is two hours ahead of UTC.
    assert activity.starts_at == datetime(2027, 7, 1, 7, 0, tzinfo=UTC)
    assert (answer["sdgs"], answer["capacity"], answer["sequence"]) == ([11, 13], 25, 0)
    assert answer["arena"] == BORAS and answer["kind"] == "workshop"


@pytest.mark.parametrize("role", [None, "partner", "expert"])
def test_only_coordinators_plan_activities(client_as, role):
    count = Activity.objects.count()
    response = post(client_as(role), f"{API}/activities", body())
    assert response.status_code == (401 if role is None else 403)
    assert "detail" in response.json()
    assert Activity.objects.count() == count


def test_another_arenas_coordinator_can_neither_plan_nor_change_nor_cancel(
    coordinator_of, make_activity
):
    west = coordinator_of("vastsvensk-arena")
    count = Activity.objects.count()
    refused = post(west, f"{API}/activities", body())
    assert refused.status_code == 403 and refused.json()["detail"]
    assert Activity.objects.count() == count
    activity = make_activity(is_public=True)
    before = (activity.title_sv, activity.sequence, activity.status)
    changed = patch(west, f"{API}/activities/{activity.pk}", {"title_sv": "Kapad"})
    assert changed.status_code == 403 and changed.json()["detail"]
    cancelled = post(west, f"{API}/activities/{activity.pk}/cancel")
    assert cancelled.status_code == 403
    moved = patch(
        coordinator_of(BORAS), f"{API}/activities/{activity.pk}", {"arena": "vastsvensk-arena"}
    )
    assert moved.status_code == 403
    activity.refresh_from_db()
    assert (activity.title_sv, activity.sequence, activity.status) == before


def test_a_change_keeps_the_uid_and_raises_the_sequence_in_the_calendar(
    client, coordinator_of, make_activity
):
    activity = make_activity(is_public=True, capacity=10)
    changed = patch(
        coordinator_of(BORAS),
        f"{API}/activities/{activity.pk}",
        {"title_sv": "Workshop om välfärd, ny tid", "capacity": None},
    )
    assert changed.status_code == 200, changed.content
    answer = changed.json()
    assert answer["uid"] == str(activity.uid)
    assert answer["sequence"] == activity.sequence + 1
    # Fields left out keep their values; null capacity means no limit.
    assert answer["capacity"] is None and answer["registration"] == activity.registration
    ics = client.get(reverse("activities:ics", kwargs={"pk": activity.pk}))
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(str(activity.uid))
    assert int(event["SEQUENCE"]) == activity.sequence + 1
    assert str(event["SUMMARY"]) == "Workshop om välfärd, ny tid"


def test_cancelling_through_the_api(coordinator_of, make_activity):
    activity = make_activity()
    cancelled = post(coordinator_of(BORAS), f"{API}/activities/{activity.pk}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == Status.CANCELLED
    assert cancelled.json()["sequence"] == activity.sequence + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2027-07-01T08:00"}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"kind": "no-such-kind"}, "kind"),
        ({"description_sv": "x" * 100_000}, "description_sv"),
        ({"arena": "no-such-arena"}, "arena"),
        ({"host": 999_999}, "host"),
        ({"organizations": [999_999]}, "organizations"),
        ({"sdgs": [18]}, "sdgs"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_is_written(
    coordinator_of, make_activity, change, field
):
    client = coordinator_of(BORAS)
    count = Activity.objects.count()
    made = post(client, f"{API}/activities", body(**change))
    assert made.status_code == 400
    assert made.json()["detail"].startswith(field), made.json()
    assert Activity.objects.count() == count
    if field == "arena":
        return  # a move to an unknown arena is the same 400, shown once
    activity = make_activity()
    changed = patch(client, f"{API}/activities/{activity.pk}", change)
    assert changed.status_code == 400
    assert changed.json()["detail"].startswith(field), changed.json()
    assert Activity.objects.get(pk=activity.pk).sequence == activity.sequence


def test_a_script_in_a_description_is_removed(coordinator_of):
    description = '<p>Välkommen</p><script>alert("x")</script><p onclick="x()">Hej</p>'
    made = post(coordinator_of(BORAS), f"{API}/activities", body(description_sv=description))
    stored = made.json()["description_sv"]
    assert "<script" not in stored and "onclick" not in stored and "alert" not in stored
    assert "<p>Välkommen</p>" in stored


def test_the_api_obeys_the_services_rules(coordinator_of, castles_refused):
    refusal = castles_refused(ActivityData)
    made = post(coordinator_of(BORAS), f"{API}/activities", body(title_sv="Workshop på slottet"))
    assert made.status_code == 400
    assert made.json()["detail"] == f"title_sv: {refusal}"


@override_settings(SAMVERKAN_REGISTRATION_RATE="2/h")
def test_registrations_through_the_api_are_rate_limited_per_address(client, db):
    workshop = Activity.objects.get(external_id="demo:workshop-gron-energi")
    address = f"{API}/activities/{workshop.pk}/registrations"
    answers = [
        post(client, address, {"name": f"Person {n}", "email": f"person{n}@example.se"})
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert answers[-1].json()["detail"]
    assert workshop.registrations.filter(email="person2@example.se").count() == 0


def test_the_openapi_document_describes_the_writes(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {"201", "400", "401", "403"} <= set(paths[f"{API}/activities"]["post"]["responses"])
    assert "403" in paths[f"{API}/activities/{{activity_id}}"]["patch"]["responses"]
    assert "post" in paths[f"{API}/activities/{{activity_id}}/cancel"]
    registrations = paths[f"{API}/activities/{{activity_id}}/registrations"]["post"]
    assert "429" in registrations["responses"]
