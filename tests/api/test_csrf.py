"""A write made with a session cookie needs the CSRF token, whatever the body's content type: a
cross-site form can post ``text/plain`` without the browser asking first."""

import json

import pytest
from django.test import Client

from samverkan.needs.models import Need

NEED = {
    "text": "Vi vill kartlägga hur elever tar sig till skolan och behöver hjälp med enkäten.",
    "organization_name": "Mölndals stad",
    "municipality": "1481",
    "forms_unknown": True,
    "contact_name": "Anna Andersson",
    "contact_email": "anna@example.se",
    "consent": True,
}
CSRF_TOKEN = "a" * 32


@pytest.fixture
def browser(db, demo_user) -> Client:
    """A logged-in browser session whose CSRF cookie is known, with the checks enforced."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(demo_user("partner"))
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_a_session_write_without_the_token_is_refused_and_stores_nothing(browser, content_type):
    before = Need.objects.count()
    response = browser.post("/api/v1/needs", json.dumps(NEED), content_type=content_type)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "CSRF" in response.json()["detail"]
    assert Need.objects.count() == before


def test_a_session_write_with_the_token_is_accepted(browser):
    response = browser.post(
        "/api/v1/needs", json.dumps(NEED), content_type="text/plain", HTTP_X_CSRFTOKEN=CSRF_TOKEN
    )
    assert response.status_code == 201
    assert Need.objects.filter(reference=response.json()["reference"]).exists()


def test_a_session_write_with_a_wrong_token_is_refused(browser):
    response = browser.post(
        "/api/v1/needs", json.dumps(NEED), content_type="text/plain", HTTP_X_CSRFTOKEN="b" * 32
    )
    assert response.status_code == 403


def test_a_visitor_without_a_session_needs_no_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/needs", NEED, content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/match", {"text": "Cykelvägar till skolan"}),
        ("/api/v1/sdg/suggest", {"text": "Cykel"}),
    ],
)
def test_a_computation_that_writes_nothing_needs_no_token(browser, path, body):
    assert browser.post(path, body, content_type="application/json").status_code == 200


def test_a_coordinator_write_without_the_token_is_refused(db, demo_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_user("coordinator"))
    response = client.patch(
        "/api/v1/collaborations/1", {"outcomes_sv": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
