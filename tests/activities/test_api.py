"""Activities in the API: filters, registration with its token, and who sees what."""

import pytest

from samverkan.activities.models import Activity, Registration

API = "/api/v1"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_the_list_filters_by_municipality_kind_and_period(client, db):
    tranemo = Activity.objects.get(external_id="demo:visit-tranemo-2026")
    assert tranemo.pk in ids(client.get(f"{API}/activities", {"municipality": "1452"}))
    visits = ids(client.get(f"{API}/activities", {"kind": "municipal-visit"}))
    assert len(visits) == 8
    june = ids(client.get(f"{API}/activities", {"from": "2026-06-03", "to": "2026-06-03"}))
    assert june == {tranemo.pk}
    body = client.get(f"{API}/activities/{tranemo.pk}").json()
    assert body["municipalities"] == ["1452"] and body["starts_at"].startswith("2026-06-03T")


@pytest.mark.parametrize(
    ("query", "field"),
    [({"kind": "no-such-kind"}, "kind"), ({"from": "2026-06-04", "to": "2026-06-03"}, "to")],
)
def test_bad_filters_are_400_naming_the_field(client, db, query, field):
    response = client.get(f"{API}/activities", query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(field)


def test_internal_activities_are_for_their_arenas_coordinators(client, client_as, db):
    internal = Activity.objects.get(external_id="demo:partnergrupp-vast")
    assert internal.pk not in ids(client.get(f"{API}/activities", {"limit": 100}))
    assert client.get(f"{API}/activities/{internal.pk}").status_code == 404
    coordinator = client_as("coordinator")
    assert coordinator.get(f"{API}/activities/{internal.pk}").status_code in (200, 404)


def test_registering_through_the_api_and_cancelling_with_the_token(client, db):
    workshop = Activity.objects.get(external_id="demo:workshop-gron-energi")
    made = client.post(
        f"{API}/activities/{workshop.pk}/registrations",
        {"name": "Per Lind", "email": "per.lind@example.se"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    token = made.json()["token"]
    assert client.get(f"{API}/registrations/{token}").json()["status"] == "confirmed"
    again = client.post(
        f"{API}/activities/{workshop.pk}/registrations",
        {"name": "Per Lind", "email": "PER.LIND@example.se"},
        content_type="application/json",
    )
    assert again.status_code == 400 and again.json()["detail"].startswith("email")
    assert client.delete(f"{API}/registrations/{token}").json()["status"] == "cancelled"
    assert client.get(f"{API}/registrations/{token[:-2]}xx").status_code == 404


def test_a_full_workshop_puts_an_api_registration_on_the_waiting_list(client, db):
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    made = client.post(
        f"{API}/activities/{workshop.pk}/registrations",
        {"name": "Sist I Kön", "email": "sist@example.se"},
        content_type="application/json",
    )
    assert made.json()["status"] == "waiting"


def test_only_the_arenas_coordinators_list_registrations(client, client_as, db):
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    address = f"{API}/activities/{workshop.pk}/registrations"
    assert client.get(address).status_code == 401
    assert client_as("partner").get(address).status_code == 403
    listed = client_as("arena_admin").get(address)
    if listed.status_code == 200:
        assert listed.json()["count"] == Registration.objects.filter(activity=workshop).count()
