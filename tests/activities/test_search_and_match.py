"""Activities in the header search and in matching, through the search-source registry: search
finds what a reader may see, held activities too; a need is suggested coming ones only."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.activities.models import Activity
from samverkan.activities.services import activity_cancel
from samverkan.matching.indexing import reindex
from samverkan.matching.services import MATCH_KINDS, match

THEME = "Workshop om kompetensförsörjning: hur behåller vi undersköterskorna i äldreomsorgen?"
NEED = "Vi har svårt att behålla undersköterskor i äldreomsorgen och behöver kompetensförsörjning"


@pytest.fixture
def indexed(db):
    """The activities' documents, built now (the prepared database may predate the kind)."""
    reindex("activity")


@pytest.fixture
def same_theme(make_activity):
    """A held and a cancelled workshop on the demo workshop's theme, both indexed."""
    now = timezone.now()
    held = make_activity(
        title_sv=THEME,
        description_sv="<p>Kompetensförsörjning och undersköterskor i äldreomsorgen.</p>",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=3),
    )
    cancelled = make_activity(
        title_sv=THEME,
        description_sv="<p>Kompetensförsörjning och undersköterskor i äldreomsorgen.</p>",
        starts_at=now + timedelta(days=60),
    )
    activity_cancel(None, cancelled)
    reindex("activity", [held.pk, cancelled.pk])
    return held, cancelled


def hits(response, kind: str = "activity") -> set[int]:
    assert response.status_code == 200
    results = response.context["results"]
    return {hit.result.id for group in results.groups if group.kind == kind for hit in group.hits}


def test_the_header_search_finds_the_demo_workshop_by_a_word_of_its_description(client, indexed):
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    for path in ("/sv/sok/", "/en/search/"):
        response = client.get(path, {"q": "kompetensförsörjning", "kind": "activity"})
        assert workshop.pk in hits(response)
    everything = client.get("/sv/sok/", {"q": "undersköterskorna"})
    assert workshop.pk in hits(everything)
    assert "Aktiviteter" in everything.content.decode()


def test_an_internal_activity_is_found_by_its_arenas_coordinators_only(client_as, indexed):
    internal = Activity.objects.get(external_id="demo:partnergrupp-vast")
    query = {"q": "partnergruppsmöte verksamhetsplan", "kind": "activity"}
    assert internal.pk not in hits(client_as(None).get("/sv/sok/", query))
    assert internal.pk not in hits(client_as("partner").get("/sv/sok/", query))
    assert internal.pk in hits(client_as("coordinator").get("/sv/sok/", query))


def test_another_arenas_coordinator_does_not_find_an_internal_activity(boras_arena, indexed):
    user = User.objects.create_user("only-boras@example.se", "samverkan-demo")
    boras_arena.coordinators.add(user)
    client = Client()
    client.force_login(user)
    internal = Activity.objects.get(external_id="demo:partnergrupp-vast")
    query = {"q": "partnergruppsmöte verksamhetsplan", "kind": "activity"}
    assert internal.arena != boras_arena
    assert internal.pk not in hits(client.get("/sv/sok/", query))


def test_the_search_lists_held_and_cancelled_activities_too(client, indexed, same_theme):
    held, cancelled = same_theme
    found = hits(client.get("/sv/sok/", {"q": "kompetensförsörjning", "kind": "activity"}))
    assert {held.pk, cancelled.pk} <= found


def test_match_suggests_the_coming_workshop_and_never_a_held_or_cancelled_one(indexed, same_theme):
    held, cancelled = same_theme
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    assert "activity" in MATCH_KINDS
    # Every kind competes for the places of the top; the twins on the theme take the best.
    for kinds in (["activity"], MATCH_KINDS):
        found = [r.id for r in match(NEED, kinds=kinds, top=50).results if r.kind == "activity"]
        assert workshop.pk in found
        assert held.pk not in found and cancelled.pk not in found


def test_cli_match_json_includes_the_coming_public_workshop(cli, capsys, indexed, same_theme):
    held, cancelled = same_theme
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    for kind in ("activity", "all"):
        assert cli(["match", NEED, "--kind", kind, "--top", "50", "--json"]) == 0
        results = json.loads(capsys.readouterr().out)["results"]
        activities = [r for r in results if r["kind"] == "activity"]
        assert workshop.pk in [r["id"] for r in activities]
        assert not {held.pk, cancelled.pk} & {r["id"] for r in activities}
    suggested = next(r for r in activities if r["id"] == workshop.pk)
    assert suggested["external_id"] == "demo:workshop-kompetens"
    # Why, in its own words and goals, as for every kind.
    assert "kompetensförsörjning" in suggested["explanation"]
    assert 3 in suggested["reasons"]["goals"]


def test_an_activity_that_ends_is_no_longer_suggested_without_being_saved(indexed):
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    assert workshop.pk in [r.id for r in match(NEED, kinds=["activity"]).results]
    ended = timezone.now() - timedelta(hours=1)
    Activity.objects.filter(pk=workshop.pk).update(
        starts_at=ended - timedelta(hours=3), ends_at=ended
    )
    assert workshop.pk not in [r.id for r in match(NEED, kinds=["activity"]).results]


def test_an_anonymous_match_never_suggests_an_internal_activity(indexed):
    internal = Activity.objects.get(external_id="demo:partnergrupp-vast")
    found = match("partnergruppsmöte verksamhetsplan Västsvensk arena", kinds=["activity"])
    assert internal.pk not in [result.id for result in found.results]
