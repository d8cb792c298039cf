"""A result's subtitle (an expert's title and organisation) is in the reader's language: the
index keeps it in Swedish and in English, and so do a need's stored suggestions."""

import pytest
from django.utils import translation

from samverkan.arenas.models import Arena
from samverkan.directory.models import Affiliation, ExpertProfile
from samverkan.matching.indexing import reindex
from samverkan.matching.models import Document, IndexVersion
from samverkan.matching.services import match
from samverkan.needs.services import need_create, need_submit
from samverkan.places.models import Municipality

NEED = "vi har svårt att behålla undersköterskor i hemtjänsten"


def subtitle_of(affiliation: Affiliation, language: str) -> str:
    """The rule: the person's title, then their unit with its university, in ``language``."""
    with translation.override(language):
        title = affiliation.title_en if language == "en" else affiliation.title_sv
        return f"{title}, {affiliation.organization.name_with_top}"


@pytest.fixture
def expert(db) -> ExpertProfile:
    """The best expert for ``NEED``, given an English title that differs from the Swedish one and
    indexed again."""
    profile = ExpertProfile.objects.get(person__first_name="Jenny", person__last_name="Blom")
    affiliation = profile.person.affiliations.first()
    affiliation.title_sv = "Universitetslektor i vårdvetenskap"
    affiliation.title_en = "Senior lecturer in caring science"
    affiliation.save()
    reindex("expert", [profile.pk])
    return profile


def test_the_index_keeps_an_experts_subtitle_in_both_languages(expert):
    affiliation = expert.person.affiliations.first()
    document = Document.objects.get(kind="expert", object_id=expert.pk)
    assert document.subtitle == subtitle_of(affiliation, "sv")
    assert document.subtitle_en == subtitle_of(affiliation, "en")
    assert document.subtitle != document.subtitle_en


def test_the_index_is_swedish_whatever_language_the_update_runs_in(expert):
    with translation.override("en"):
        reindex("expert", [expert.pk])
    document = Document.objects.get(kind="expert", object_id=expert.pk)
    assert document.subtitle == subtitle_of(expert.person.affiliations.first(), "sv")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_match_gives_the_subtitle_in_the_active_language(expert, language):
    with translation.override(language):
        best = match(NEED, kinds=["expert"], top=3).results[0]
    assert best.id == expert.pk
    assert best.subtitle == subtitle_of(expert.person.affiliations.first(), language)


def test_without_an_english_subtitle_an_english_reader_gets_the_swedish_one(expert):
    Document.objects.filter(kind="expert", object_id=expert.pk).update(subtitle_en="")
    IndexVersion.bump()
    with translation.override("en"):
        best = match(NEED, kinds=["expert"], top=3).results[0]
    assert best.subtitle == subtitle_of(expert.person.affiliations.first(), "sv")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_api_gives_the_subtitle_in_the_requests_language(client, expert, language):
    response = client.post(
        "/api/v1/match",
        {"text": NEED, "kinds": ["expert"], "top": 3},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["id"] == expert.pk
    assert first["subtitle"] == subtitle_of(expert.person.affiliations.first(), language)


def test_a_needs_stored_suggestion_shows_the_english_subtitle_on_the_english_workspace(
    expert, client_as, demo_user, django_capture_on_commit_callbacks
):
    partner = demo_user("partner")
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        need = need_create(
            partner,
            arena=Arena.objects.get(slug="hb-kommunsamverkan"),
            title="Behålla undersköterskor i hemtjänsten",
            text=f"{NEED}. Många slutar efter ett år och vi hinner aldrig introducera dem.",
            organization_name="Borås Stad, vård och äldre",
            municipality=Municipality.objects.get(code="1490"),
            forms_unknown=True,
            contact_name="Karin Ek",
            contact_email="karin.ek@example.se",
            consent=True,
        )
        need_submit(need, partner)
    suggestion = need.matches.get(kind="expert", object_id=expert.pk)
    affiliation = expert.person.affiliations.first()
    english, swedish = subtitle_of(affiliation, "en"), subtitle_of(affiliation, "sv")
    assert (suggestion.subtitle, suggestion.subtitle_en) == (swedish, english)
    coordinator = client_as("coordinator")
    with translation.override("en"):
        page = coordinator.get(need.get_absolute_url()).content.decode()
    assert english in page and swedish not in page
    with translation.override("sv"):
        page = coordinator.get(need.get_absolute_url()).content.decode()
    assert swedish in page and english not in page
