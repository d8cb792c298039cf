import json

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.catalogue.permissions import posting_organizations
from samverkan.collaborations.models import Collaboration
from samverkan.directory.models import Organization, Person
from samverkan.kernel.importing import run_import
from samverkan.sdg.models import Goal


def url(name: str) -> str:
    with translation.override("sv"):
        return reverse(name)


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
    "levels": ["bachelor"],
    "how_to_apply_sv": "<p>Mejla oss.</p>",
}


def offering_form(organization: Organization) -> dict:
    """The web form's fields for the same offering as ``OFFERING``."""
    return {
        "title_sv": OFFERING["title_sv"],
        "description_sv": OFFERING["description_sv"],
        "form": CollaborationForm.objects.get(slug=OFFERING["form"]).pk,
        "status": OFFERING["status"],
        "audience": OFFERING["audience"],
        "goals": [Goal.objects.get(number=8).pk],
        "organization": organization.pk,
        "levels": OFFERING["levels"],
        "how_to_apply_sv": OFFERING["how_to_apply_sv"],
    }


@pytest.mark.parametrize("role", ["partner", "expert", "coordinator"])
def test_web_and_api_let_each_role_post_for_an_organisation_it_may_post_for(
    client_as, demo_user, role
):
    own = posting_organizations(demo_user(role)).order_by("pk").first()
    client = client_as(role)
    web = client.post(url("catalogue:offering_new"), offering_form(own))
    assert web.status_code == 302
    api = post(client, "/api/v1/offerings", {**OFFERING, "organization": own.pk})
    assert api.status_code == 201
    posted = Offering.objects.filter(title_sv=OFFERING["title_sv"])
    assert [o.organization for o in posted] == [own, own]


@pytest.mark.parametrize(
    ("role", "web_status", "api_status"),
    [(None, 302, 401), ("partner", 200, 403), ("expert", 200, 403)],
)
def test_web_and_api_refuse_an_organisation_the_user_may_not_post_for(
    client_as, demo_user, role, web_status, api_status
):
    allowed = posting_organizations(demo_user(role)) if role else Organization.objects.none()
    other = Organization.objects.exclude(pk__in=allowed).order_by("pk").first()
    client = client_as(role)
    web = client.post(url("catalogue:offering_new"), offering_form(other))
    assert web.status_code == web_status
    if web_status == 200:
        assert "organization" in web.context["form"].errors
    api = post(client, "/api/v1/offerings", {**OFFERING, "organization": other.pk})
    assert api.status_code == api_status and api.json()["detail"]
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


def test_a_patch_keeps_the_period_rule_of_the_whole_collaboration(client_as):
    coordinator = client_as("coordinator")
    collaboration = Collaboration.objects.exclude(starts_on=None).first()
    before = collaboration.ends_on
    response = patch(
        coordinator,
        f"/api/v1/collaborations/{collaboration.pk}",
        {"ends_on": str(collaboration.starts_on.replace(year=collaboration.starts_on.year - 1))},
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("ends_on: ")
    collaboration.refresh_from_db()
    assert collaboration.ends_on == before


def test_null_for_a_required_field_is_400_and_changes_nothing(client_as):
    coordinator = client_as("coordinator")
    collaboration = Collaboration.objects.first()
    offering = Offering.objects.first()
    for path, body in [
        (f"/api/v1/collaborations/{collaboration.pk}", {"status": None}),
        (f"/api/v1/collaborations/{collaboration.pk}", {"outcomes_sv": None}),
        (f"/api/v1/offerings/{offering.pk}", {"title_sv": None}),
        (f"/api/v1/offerings/{offering.pk}", {"status": None}),
    ]:
        response = patch(coordinator, path, body)
        assert response.status_code == 400, (path, body)
        assert response.json()["detail"] == f"{next(iter(body))}: must not be null."
    assert Collaboration.objects.get(pk=collaboration.pk).status == collaboration.status
    assert Offering.objects.get(pk=offering.pk).title_sv == offering.title_sv


def test_only_posters_and_coordinators_change_an_offering_through_the_api(client_as):
    borås = Organization.objects.get(municipality__code="1490")
    posted = post(client_as("partner"), "/api/v1/offerings", {**OFFERING, "organization": borås.pk})
    path = f"/api/v1/offerings/{posted.json()['id']}"
    assert patch(client_as("expert"), path, {"status": "closed"}).status_code == 403
    assert patch(client_as(None), path, {"status": "closed"}).status_code == 401
    assert patch(client_as("partner"), path, {"status": "closed"}).json()["status"] == "closed"
    assert patch(client_as("coordinator"), path, {"status": "open"}).json()["status"] == "open"


def test_a_description_that_is_only_markup_is_refused_by_the_api_and_an_import(client_as, tmp_path):
    borås = Organization.objects.get(municipality__code="1490")
    only_script = {**OFFERING, "organization": borås.pk, "description_sv": "<script>x()</script>"}
    response = post(client_as("coordinator"), "/api/v1/offerings", only_script)
    assert response.status_code == 400 and response.json()["detail"].startswith("description_sv: ")
    record = {
        "title": OFFERING["title_sv"],
        "description": "<script>x()</script>",
        "form": "degree-project",
        "organization": "Borås kommun",
        "levels": ["bachelor"],
        "how_to_apply": "Mejla oss.",
    }
    path = tmp_path / "o.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert [(e.line, e.field) for e in run_import("offerings", path).errors] == [(1, "description")]
    assert not Offering.objects.filter(title_sv=OFFERING["title_sv"]).exists()


def test_thesis_topic_fields_are_documented_and_filter_by_level(
    client, db, django_assert_max_num_queries
):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    fields = {"levels", "subject_sv", "subject_en", "start_term", "start_year", "how_to_apply_sv"}
    assert fields | {"contact_id", "start"} <= set(schemas["OfferingOut"]["properties"])
    assert fields <= set(schemas["OfferingIn"]["properties"])
    assert fields <= set(schemas["OfferingPatch"]["properties"])
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/offerings", {"level": "phd", "limit": 100})
    assert response.status_code == 200
    with_phd = response.json()["items"]
    assert all("phd" in item["levels"] for item in with_phd)
    master = client.get("/api/v1/offerings", {"level": "master", "limit": 100}).json()["items"]
    assert master and all("master" in item["levels"] for item in master)
    thesis = next(item for item in master if item["form"] == "degree-project")
    assert thesis["how_to_apply_sv"] and thesis["start_year"] and thesis["start"]
    assert client.get("/api/v1/offerings", {"level": "licentiate"}).status_code == 400
