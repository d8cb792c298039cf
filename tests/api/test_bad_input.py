"""Every operation of the OpenAPI document answers bad input with a 4xx JSON error and stores
nothing, under the production error handling (``DEBUG=False``, no exception re-raised to the test).

For each operation the sweep sends a valid request changed in one place: a parameter or body field
set to a number beyond 64 bits, to a negative number, to text where a number belongs or to
``null``; and bodies that cannot be parsed (malformed JSON, a multipart body without a boundary, a
form post). The valid requests are the examples below; a new operation needs one.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation

from samverkan.activities.models import Activity
from samverkan.activities.services import registration_token
from samverkan.api.urls import api
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.collaborations.models import Collaboration
from samverkan.directory.models import ExpertProfile, Organization
from samverkan.needs.models import NeedMatch

HUGE = 2**63
SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]


@dataclass
class Sample:
    """Valid values for the path parameters and bodies of the demo data."""

    path: dict[str, object]
    bodies: dict[str, dict]
    calls: list[str] = field(default_factory=list)


@pytest.fixture
def sample(west_arena: Arena) -> Sample:
    found = NeedMatch.objects.filter(need__arena=west_arena).select_related("need").first()
    expert = ExpertProfile.objects.first()
    university = Organization.objects.filter(kind="university").first()
    form = CollaborationForm.objects.first()
    state = west_arena.need_states.first()
    open_workshop = Activity.objects.get(external_id="demo:workshop-gron-energi")
    held_visit = Activity.objects.get(external_id="demo:visit-tranemo-2026")
    action = held_visit.actions.first()
    need = {
        "text": "Vi behöver hjälp att kartlägga cykelvägar till skolor i kommunen.",
        "organization_name": "Mölndals stad",
        "municipality": "1481",
        "forms_unknown": True,
        "contact_name": "Anna Andersson",
        "contact_email": "anna@example.se",
        "consent": True,
    }
    return Sample(
        path={
            "code": "1481",
            "organization_id": university.pk,
            "person_id": expert.person_id,
            "offering_id": Offering.objects.first().pk,
            "collaboration_id": Collaboration.objects.first().pk,
            "activity_id": open_workshop.pk,
            "token": registration_token(open_workshop.registrations.first()),
            "number": 11,
            "reference": found.need.reference,
            "match_id": found.pk,
            "/api/v1/collaboration-forms/{slug}": form.slug,
            "/api/v1/arenas/{slug}": west_arena.slug,
            "/api/v1/activities/{activity_id}/minutes": held_visit.pk,
            "/api/v1/activities/{activity_id}/actions": held_visit.pk,
            "action_id": action.pk,
        },
        bodies={
            "POST /api/v1/offerings": {
                "title_sv": "Gästföreläsning om cykling",
                "description_sv": "En föreläsning.",
                "form": form.slug,
                "organization": university.pk,
                "levels": ["master"],  # the first form is the degree project, which needs them
                "how_to_apply_sv": "Mejla oss.",
            },
            "PATCH /api/v1/offerings/{offering_id}": {"title_sv": "Ny titel"},
            "POST /api/v1/collaborations": {
                "title_sv": "Cykelvägar",
                "form": form.slug,
                "status": "ongoing",
                "parties": [{"organization": university.pk, "role": "lead"}],
            },
            "PATCH /api/v1/collaborations/{collaboration_id}": {"outcomes_sv": "En rapport."},
            "POST /api/v1/sdg/suggest": {"text": "Hållbara transporter i staden."},
            "POST /api/v1/activities/{activity_id}/registrations": {
                "name": "Anna Andersson",
                "email": "anna.api@example.se",
            },
            "POST /api/v1/activities": {
                "title_sv": "Workshop om cykelvägar",
                "kind": "workshop",
                "starts_at": "2027-07-01T09:00",
                "ends_at": "2027-07-01T12:00",
                "host": university.pk,
                "arena": west_arena.slug,
            },
            "PATCH /api/v1/activities/{activity_id}": {"title_sv": "Ny titel"},
            "PUT /api/v1/activities/{activity_id}/minutes": {
                "discussion_sv": "<p>Vi talade om kompetensförsörjning.</p>",
                "decisions_sv": "<p>Vi ses igen i höst.</p>",
            },
            "POST /api/v1/activities/{activity_id}/actions": {
                "text": "Skicka förslag på exjobb",
                "owner": action.owner_id,
                "due_date": "2027-01-15",
            },
            "PATCH /api/v1/actions/{action_id}": {"status": "done"},
            "POST /api/v1/match": {"text": "Hållbara transporter i staden.", "top": 3},
            "POST /api/v1/needs": need,
            "POST /api/v1/needs/{reference}/state": {"state": state.pk, "text": "Vi tittar."},
            "POST /api/v1/needs/{reference}/assign": {"assignee": None},
            "POST /api/v1/needs/{reference}/notes": {"text": "En anteckning."},
            "POST /api/v1/needs/{reference}/updates": {"text": "En uppdatering."},
            "POST /api/v1/needs/{reference}/matches/{match_id}/decision": {"decision": "accepted"},
            "POST /api/v1/needs/{reference}/matches": {"expert": expert.pk},
        },
    )


@dataclass
class Request:
    what: str
    path: str
    query: dict[str, object] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str = "application/json"


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def types_of(schema: dict) -> set[str]:
    schema = resolve(schema)
    found = {schema["type"]} if "type" in schema else set()
    for part in schema.get("anyOf", []) + schema.get("allOf", []):
        found |= types_of(part)
    return found


def bad_values(schema: dict) -> list[object]:
    """Values of the wrong kind or out of range for a parameter or field of this schema."""
    kinds = types_of(schema)
    values: list[object] = [None, "abc", {"x": 1}]
    if "integer" in kinds or "number" in kinds:
        values += [HUGE, -HUGE, -1, 0, 1.5]
    if "array" in kinds:
        values += [[HUGE], [None], ["abc"], "abc"]
    if "string" in kinds:
        values += [HUGE, "x" * 100_001, "a\nb", "\x00"]
    return values


def requests_for(method: str, path: str, operation: dict, sample: Sample) -> Iterator[Request]:
    """The operation's valid request, then that request changed in one place at a time."""
    parameters = operation.get("parameters", [])
    path_values = {
        p["name"]: sample.path.get(path, sample.path.get(p["name"]))
        for p in parameters
        if p["in"] == "path"
    }
    body = sample.bodies.get(f"{method} {path}")
    if "requestBody" in operation:
        assert body is not None, f"add a valid example body for {method} {path}"

    def url(values: dict[str, object]) -> str:
        filled = path
        for name, value in values.items():
            filled = filled.replace("{" + name + "}", str(value))
        return filled

    encoded = json.dumps(body).encode() if body is not None else None
    yield Request("the valid request", url(path_values), body=encoded)
    for parameter in parameters:
        name = parameter["name"]
        for value in bad_values(parameter["schema"]):
            if value is None or isinstance(value, dict):
                continue
            if parameter["in"] == "path":
                yield Request(
                    f"path {name}={value!r}", url({**path_values, name: value}), body=encoded
                )
            else:
                yield Request(f"query {name}={value!r}", url(path_values), {name: value}, encoded)
    if body is None:
        return
    properties = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    for name, schema in properties["properties"].items():
        for value in bad_values(schema):
            changed = json.dumps({**body, name: value}).encode()
            yield Request(f"body {name}={value!r:.40}", url(path_values), body=changed)
    for what, raw, content_type in [
        ("malformed JSON", b'{"text": ', "application/json"),
        ("a JSON list", b"[1, 2]", "application/json"),
        ("a JSON number beyond 64 bits", str(HUGE).encode(), "application/json"),
        ("not UTF-8", b'{"text": "\xff\xfe"}', "application/json"),
        ("multipart without a boundary", b"--x\r\n\r\nabc\r\n--x--", "multipart/form-data"),
        ("a form post", b"match=abc&text=abc", "application/x-www-form-urlencoded"),
    ]:
        yield Request(what, url(path_values), body=raw, content_type=content_type)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model is not Session
    }


def send(client: Client, method: str, request: Request):
    query = "&".join(f"{key}={value}" for key, value in request.query.items())
    target = f"{request.path}?{query}" if query else request.path
    if request.body is None:
        return client.generic(method, target)
    return client.generic(method, target, request.body, content_type=request.content_type)


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    OPERATIONS,
    ids=[f"{method} {path}" for method, path, _ in OPERATIONS],
)
def test_bad_input_is_a_json_client_error_and_stores_nothing(
    db, demo_user, sample, method, path, operation
):
    client = Client(raise_request_exception=False)
    client.force_login(demo_user("coordinator"))
    problems = []
    for request in requests_for(method, path, operation, sample):
        before = row_counts()
        response = send(client, method, request)
        status = response.status_code
        if request.what == "the valid request":
            assert status < 400, f"{method} {path}: the valid example failed ({status})"
            continue
        if status >= 500:
            problems.append(f"{request.what}: {status}")
            continue
        if status >= 400:
            if response.get("Content-Type", "").split(";")[0] != "application/json":
                problems.append(f"{request.what}: {status} is not JSON")
            elif not isinstance(response.json().get("detail"), str):
                problems.append(f"{request.what}: {status} has no detail")
            if row_counts() != before:
                problems.append(f"{request.what}: {status} but rows were stored")
    assert not problems, f"{method} {path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ["/api/v1/no-such-operation", "/api/v1/needs/x/y/z"])
def test_an_unknown_api_path_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_server_error_in_the_api_is_json(db, monkeypatch):
    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("samverkan.arenas.api.arenas", failing)
    response = Client(raise_request_exception=False).get("/api/v1/arenas")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "a bug" not in response.content.decode()
    assert response.json()["detail"]


def page_urls() -> list[str]:
    """Every page of the site without parameters in its path, in Swedish."""
    with translation.override("sv"):
        found = []
        for pattern in get_resolver().url_patterns:
            for inner in getattr(pattern, "url_patterns", [pattern]):
                nested = getattr(inner, "url_patterns", [inner])
                for leaf in nested:
                    name = getattr(leaf, "name", None)
                    namespace = getattr(inner, "namespace", None)
                    if name and namespace and not leaf.pattern.converters:
                        try:
                            found.append(reverse(f"{namespace}:{name}"))
                        except NoReverseMatch:
                            continue
        return sorted(set(found))


QUERY_KEYS = ["mal", "kommun", "page", "q", "text", "svar", "form", "sdg", "organisation"]


@pytest.mark.parametrize("value", ["abc", str(HUGE), "-1"])
def test_a_page_given_query_values_of_the_wrong_kind_is_no_server_error(client_as, value):
    client = client_as("coordinator")
    client.raise_request_exception = False
    errors = []
    for url in page_urls():
        response = client.get(url, dict.fromkeys(QUERY_KEYS, value))
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
    assert not errors


@pytest.mark.parametrize("action", ["decide", "contact"])
@pytest.mark.parametrize("value", ["abc", str(HUGE), ""])
def test_a_coordinator_action_naming_no_suggestion_is_not_found(
    client_as, west_arena, action, value
):
    need = NeedMatch.objects.filter(need__arena=west_arena).first().need
    before = row_counts()
    with translation.override("sv"):
        url = reverse("needs:act", kwargs={"reference": need.reference, "action": action})
    response = client_as("coordinator").post(url, {"match": value, "decision": "accepted"})
    assert response.status_code == 404
    assert row_counts() == before


@pytest.mark.parametrize("value", ["abc", str(HUGE), ""])
def test_adding_an_expert_who_is_not_one_is_a_message(client_as, west_arena, value):
    need = NeedMatch.objects.filter(need__arena=west_arena).first().need
    before = row_counts()
    with translation.override("en"):
        url = reverse("needs:act", kwargs={"reference": need.reference, "action": "add"})
    response = client_as("coordinator").post(url, {"person": value}, follow=True)
    assert response.status_code == 200
    assert "Search, then choose one of the matches." in response.content.decode()
    assert row_counts() == before


def test_the_public_list_with_a_goal_that_is_not_a_number_shows_every_challenge(client, db):
    with translation.override("sv"):
        url = reverse("needs:public")
    everything = client.get(url)
    assert client.get(url, {"mal": "abc"}).context["page"].paginator.count == (
        everything.context["page"].paginator.count
    )


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_beyond_the_upload_limit_is_a_json_400(client_as, sample):
    client = client_as("coordinator")
    body = {**sample.bodies["POST /api/v1/match"], "text": "cykel " * 1000}
    response = client.post("/api/v1/match", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]
