"""Suggestions where people see them: right after the first step of the need flow (without
JavaScript), on the check page and in the coordinator's list, grouped by kind, each with the
one-sentence explanation in the page's language."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.matching.engine import current
from samverkan.needs.services import confirm, confirmation_token, need_create, need_submit
from samverkan.places.models import Municipality

TEXT = (
    "Vi har svårt att behålla undersköterskor i hemtjänsten. Många slutar efter ett år och "
    "vi hinner aldrig introducera de nya ordentligt."
)
TEXT_EN = (
    "We find it hard to keep assistant nurses in home care. Many leave after a year and we "
    "never have time to introduce the new ones properly."
)
PAGES = {
    "sv": ("/sv/behov/nytt/", "/sv/behov/nytt/vem/", "/sv/behov/nytt/kontrollera/"),
    "en": ("/en/needs/new/", "/en/needs/new/who/", "/en/needs/new/check/"),
}
OLD_WORDING = ("Gemensamma ord", "Shared terms", "Mest lika avsnitt", "Closest passage")


def headings(body: str) -> list[str]:
    return re.findall(r'<h3 class="ds-heading" data-size="xs" id="[^"]+">([^<]+)</h3>', body)


@pytest.mark.parametrize("language", sorted(PAGES))
@pytest.mark.parametrize("text", [TEXT, TEXT_EN])
def test_the_page_after_the_first_step_shows_suggestions(
    client, db, django_assert_max_num_queries, language, text
):
    describe, who, _check = PAGES[language]
    response = client.post(describe, {"text": text, "title": ""})
    assert response.status_code == 302
    assert response.url == who
    current()  # the engine is read once per process, before the budget counts
    with django_assert_max_num_queries(25):
        page = client.get(who)
    body = page.content.decode()
    assert page.context["preview"], "the suggestions are rendered by the server, not by htmx"
    assert 'class="preview"' in body
    assert all(result.explanation in body for result in page.context["preview"])
    assert not any(old in body for old in OLD_WORDING)


def test_the_first_step_shows_the_drafts_suggestions_without_javascript(client, db):
    client.post("/en/needs/new/", {"text": TEXT, "title": ""})
    page = client.get("/en/needs/new/")
    assert page.context["preview"]
    assert "Who could help, so far" in page.content.decode()


def test_the_preview_fragment_explains_each_suggestion(client, db):
    response = client.get("/en/needs/new/preview/", {"text": TEXT})
    body = response.content.decode()
    suggestions = response.context["suggestions"]
    assert suggestions
    assert all(result.explanation in body for result in suggestions)
    assert "Researches" in body


def fill(client, language: str, text: str) -> None:
    describe, who, _check = PAGES[language]
    steps = {
        describe: {"text": text, "title": ""},
        who: {
            "organization_name": "Borås Stad",
            "municipality": Municipality.objects.get(code="1490").pk,
            "arena": Arena.objects.get(slug="hb-kommunsamverkan").pk,
        },
        f"{describe}help/": {"forms": ["commissioned-education"], "timeframe": "half_year"},
        f"{describe}contact/": {
            "contact_name": "Karin Ek",
            "contact_email": "karin.ek@example.se",
            "notify": "immediate",
            "consent": "on",
        },
    }
    for url, data in steps.items():
        response = client.post(url, data)
        assert response.status_code == 302, url


@pytest.mark.parametrize("language", sorted(PAGES))
def test_the_check_page_groups_suggestions_by_kind(client, db, language):
    fill(client, language, TEXT)
    page = client.get(PAGES[language][2])
    body = page.content.decode()
    suggestions = page.context["suggestions"]
    kinds = list(dict.fromkeys(result.kind for result in suggestions))
    assert len(kinds) >= 2
    assert len(headings(body)) == len(kinds)
    assert all(result.explanation in body for result in suggestions)
    assert not any(old in body for old in OLD_WORDING)


def test_the_coordinators_suggestions_are_grouped_by_kind(
    client_as, db, django_capture_on_commit_callbacks
):
    user = AnonymousUser()
    need = need_create(
        user,
        arena=Arena.objects.get(slug="hb-kommunsamverkan"),
        title="Behålla undersköterskor",
        text=TEXT,
        organization_name="Borås Stad",
        municipality=Municipality.objects.get(code="1490"),
        contact_name="Karin Ek",
        contact_email="karin.ek@example.se",
        forms=CollaborationForm.objects.filter(slug="commissioned-education"),
        consent=True,
    )
    need_submit(need, user)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(confirmation_token(need))
    kinds = list(dict.fromkeys(need.matches.order_by("-score").values_list("kind", flat=True)))
    assert len(kinds) >= 2
    body = client_as("coordinator").get(f"/en/needs/{need.reference}/").content.decode()
    found = headings(body)
    assert len(found) == len(set(kinds))
    assert found[0] == "Experts"
