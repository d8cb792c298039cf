"""Request data no view can use is refused before any view runs: a NUL character in the path, the
query string or a form (PostgreSQL cannot hold one in a text), and a form body that cannot be read.
Under the production error handling (``DEBUG=False``, nothing re-raised to the test)."""

import io
import json
from unittest.mock import Mock
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import BadRequest
from django.test import Client, RequestFactory

from samverkan.kernel.middleware import RejectNulMiddleware
from samverkan.needs.models import Need

NEED = {
    "text": "Vi behöver hjälp att minska matsvinnet i våra skolkök och vill mäta det.",
    "organization_name": "Alingsås kommun",
    "municipality": "1489",
    "forms": ["student-project"],
    "contact_name": "Per Lind",
    "contact_email": "per.lind@example.se",
    "consent": True,
}


@pytest.fixture
def client(db) -> Client:
    return Client(raise_request_exception=False)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model is not Session
    }


def is_json_error(response) -> bool:
    kind = response["Content-Type"].split(";")[0]
    return kind == "application/json" and isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "path",
    [
        "/sv/sok/?q=cykel%00",
        "/sv/sok/?q%00=cykel",
        "/sv/behov/?kommun=1490%00",
        "/sv/behov/B-2026-0001%00/",
    ],
)
def test_a_nul_in_a_page_address_is_a_bad_request(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert not is_json_error(response)


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_nul_in_a_form_post_is_a_bad_request_and_stores_nothing(client, encoding):
    form = {"text": "Vi behöver hjälp\x00 med matsvinnet i skolköken.", "title": ""}
    before = row_counts()
    if encoding == "multipart":
        response = client.post("/sv/behov/nytt/", form)
    else:
        body = urlencode(form)
        response = client.post("/sv/behov/nytt/", body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert row_counts() == before


def test_a_multipart_body_that_cannot_be_parsed_is_still_a_bad_request(client):
    body = b"--x\r\n\r\nabc\r\n--x--"
    response = client.post("/sv/behov/nytt/", body, content_type="multipart/form-data")
    assert response.status_code == 400


class CutOff(io.BytesIO):
    def read(self, *args: object) -> bytes:
        raise OSError("the client went away")


def test_a_form_body_cut_off_by_the_client_is_a_bad_request_before_the_view():
    request = RequestFactory().post("/sv/behov/nytt/", {"text": "Matsvinn"})
    request._stream = CutOff()
    view = Mock()
    with pytest.raises(BadRequest):
        RejectNulMiddleware(view)(request)
    view.assert_not_called()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/needs?q=matsvinn%00", "/api/v1/organizations?q=bor%00", "/api/v1/needs?%00=1"],
)
def test_a_nul_in_an_api_filter_is_a_json_bad_request(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert is_json_error(response)


@pytest.mark.search_backend
@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/v1/match", {"text": "Hållbara\u0000 transporter i staden.", "top": 3}),
        ("/api/v1/needs", {**NEED, "text": NEED["text"] + "\u0000"}),
        ("/api/v1/needs", {**NEED, "organization_name": "Alingsås\u0000 kommun"}),
    ],
)
def test_a_nul_in_a_json_body_is_left_to_the_api_which_never_stores_it(client, path, body):
    """The middleware reads no JSON: the API cleans the needs' texts of control characters and
    answers a value the database cannot hold with a JSON 400 (tests/api/test_bad_input.py)."""
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code < 500
    assert "\\u0000" not in response.content.decode()
    if response.status_code == 201:
        need = Need.objects.get(reference=response.json()["reference"])
        assert "\x00" not in need.text + need.organization_name
