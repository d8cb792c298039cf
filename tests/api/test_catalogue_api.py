import json

import pytest

from samverkan.catalogue.models import Offering
from samverkan.collaborations.models import Collaboration
from samverkan.directory.models import Organization, Person


def post(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


def patch(client, path: str, body: dict):
    return client.patch(path, json.dumps(body), content_type="application/json")


OFFERING = {
    "title_sv": "Exjobb: Hur når vi unga med information om sommarjobb?",
    "description_sv": "<p>Vi vill nå fler.</p><script>x()</script>",
    "form": "degree-project",
    "status": "open",
    "audience": "students",
    "sdgs": [8],
    "expires_on": "2099-01-31",
}


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("partner", 403), ("expert", 403)])
def test_only_coordinators_write(client_as, role, status):
    organization = Organization.objects.get(municipality__code="1490")
    response = post(
        client_as(role), "/api/v1/offerings", {**OFFERING, "organization": organization.pk}
    )
    assert response.status_code == status
    assert response.json()["detail"]
    assert not Offering.objects.filter(title_sv=OFFERING["title_sv"]).exists()


def test_coordinator_posts_and_closes_an_offering(client_as, client):
    organization = Organization.objects.get(municipality__code="1490")
    coordinator = client_as("coordinator")
    created = post(coordinator, "/api/v1/offerings", {**OFFERING, "organization": organization.pk})
    assert created.status_code == 201
    body = created.json()
    assert body["sdgs"] == [8] and "script" not in body["description_sv"]
    public = [o["id"] for o in client.get("/api/v1/offerings", {"limit": 500}).json()["items"]]
    assert body["id"] in public
    closed = patch(coordinator, f"/api/v1/offerings/{body['id']}", {"status": "closed"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client.get(f"/api/v1/offerings/{body['id']}").status_code == 404


def test_bad_offering_input_is_400(client_as):
    coordinator = client_as("coordinator")
    organization = Organization.objects.get(municipality__code="1490")
    for bad in [
        {**OFFERING, "organization": organization.pk, "form": "castle"},
        {**OFFERING, "organization": 0},
        {**OFFERING, "organization": organization.pk, "sdgs": [18]},
        {**OFFERING, "organization": organization.pk, "title_sv": ""},
    ]:
        response = post(coordinator, "/api/v1/offerings", bad)
        assert response.status_code == 400, bad
    assert not Offering.objects.filter(title_sv=OFFERING["title_sv"]).exists()


def test_coordinator_registers_and_completes_a_collaboration(client_as, client):
    hb = Organization.objects.get(slug="hb")
    borås = Organization.objects.get(municipality__code="1490")
    expert = Person.objects.filter(profile__isnull=False).first()
    coordinator = client_as("coordinator")
    body = {
        "title_sv": "Cirkulära arbetskläder i Borås",
        "form": "joint-research",
        "status": "ongoing",
        "starts_on": "2026-02-01",
        "sdgs": [12],
        "parties": [
            {"organization": hb.pk, "role": "lead"},
            {"organization": borås.pk, "role": "partner"},
        ],
        "people": [expert.pk],
        "links": [{"title": "Projektplan", "url": "https://example.se/plan"}],
    }
    assert post(client_as("partner"), "/api/v1/collaborations", body).status_code == 403
    assert post(coordinator, "/api/v1/collaborations", {**body, "parties": []}).status_code == 400
    assert (
        post(coordinator, "/api/v1/collaborations", {**body, "status": "dreaming"}).status_code
        == 400
    )
    created = post(coordinator, "/api/v1/collaborations", body)
    assert created.status_code == 201
    data = created.json()
    assert {p["role"] for p in data["parties"]} == {"lead", "partner"} and data["people"] == [
        expert.pk
    ]
    done = patch(
        coordinator,
        f"/api/v1/collaborations/{data['id']}",
        {"status": "completed", "outcomes_sv": "<p>Klart.</p>"},
    )
    assert done.json()["status"] == "completed"
    found = client.get(
        "/api/v1/collaborations", {"municipality": "1490", "status": "completed"}
    ).json()
    assert data["id"] in [c["id"] for c in found["items"]]
    assert Collaboration.objects.get(pk=data["id"]).outcomes_sv == "<p>Klart.</p>"
