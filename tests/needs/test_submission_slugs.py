"""The steps of the need form have addresses in the page's language (/sv/behov/nytt/vem/,
/en/needs/new/who/). The Swedish slugs come from the catalogue; here a stand-in gives each
language its own slugs, so the test does not wait for the catalogue to be compiled."""

import pytest
from django.utils.translation import get_language

from samverkan.needs.views import submission

from .test_submission import ANSWERS, TEXT

SWEDISH = {"describe": "beskriv", "who": "vem", "help": "hjalp", "contact": "kontakt"}


class Slug:
    """A slug that reads Swedish on Swedish pages and is the step's key otherwise, as the
    translated string does once the catalogue is compiled."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return SWEDISH[self.name] if get_language() == "sv" else self.name


@pytest.fixture
def swedish_slugs(monkeypatch):
    monkeypatch.setattr(submission, "STEP_SLUGS", {name: Slug(name) for name in SWEDISH})


@pytest.fixture
def answers(db):
    from samverkan.arenas.models import Arena
    from samverkan.places.models import Municipality

    who = dict(ANSWERS["who"])
    who["municipality"] = Municipality.objects.get(code="1490").pk
    who["arena"] = Arena.objects.get(slug="hb-kommunsamverkan").pk
    return {**ANSWERS, "who": who}


@pytest.mark.parametrize(
    ("start", "steps", "check"),
    [
        ("/sv/behov/nytt/", ["vem", "hjalp", "kontakt"], "/sv/behov/nytt/kontrollera/"),
        ("/en/needs/new/", ["who", "help", "contact"], "/en/needs/new/check/"),
    ],
)
def test_each_step_has_an_address_in_the_pages_language(
    client, swedish_slugs, answers, start, steps, check
):
    addresses = [start, *(f"{start}{slug}/" for slug in steps)]
    for address, data, following in zip(
        addresses, answers.values(), [*addresses[1:], check], strict=True
    ):
        response = client.post(address, data)
        assert response.status_code == 302, response.context["form"].errors
        assert response.url == following
    review = client.get(check).content.decode()
    assert all(f'href="{start}{slug}/"' in review for slug in steps)


def test_a_step_addressed_by_its_english_key_on_a_swedish_page_leads_to_the_swedish_address(
    client, swedish_slugs, db
):
    client.post("/sv/behov/nytt/", {"text": TEXT, "title": ""})
    response = client.get("/sv/behov/nytt/who/?kommun=1490")
    assert response.status_code == 302
    assert response.url == "/sv/behov/nytt/vem/?kommun=1490"
    assert client.get(response.url).context["step"] == "who"


def test_an_unknown_step_is_not_found(client, swedish_slugs, db):
    assert client.get("/sv/behov/nytt/vart/").status_code == 404
    assert client.get("/en/needs/new/vem/").status_code == 404
