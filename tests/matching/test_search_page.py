"""The search page: grouped results, filters, pagination, permissions and safe highlighting."""

import pytest

from samverkan.directory.models import ExpertProfile, Visibility
from samverkan.matching.templatetags.matching import highlight

NEED = "vi har svårt att behålla undersköterskor i hemtjänsten"


def test_grouped_results_in_both_languages(client, db):
    for path, heading in (("/sv/sok/", "Experter"), ("/en/search/", "Experts")):
        response = client.get(path, {"q": NEED})
        assert response.status_code == 200
        body = response.content.decode()
        assert heading in body
        assert "Jenny Blom" in body
        assert "<mark>undersköterskor</mark>" in body
        groups = response.context["results"].groups
        assert {group.kind for group in groups} >= {"expert", "offering"}
        assert all(len(group.hits) <= 5 for group in groups)


def test_one_kind_is_paginated(client, db):
    query = {"q": "forskning forskar research", "kind": "expert"}
    response = client.get("/sv/sok/", query)
    results = response.context["results"]
    assert [group.kind for group in results.groups] == ["expert"]
    assert results.page.paginator.per_page == 20
    assert results.page.paginator.count > 20
    second = client.get(
        "/sv/sok/", {"q": "forskning forskar research", "kind": "expert", "page": 2}
    )
    first_ids = {hit.result.id for hit in results.groups[0].hits}
    assert first_ids.isdisjoint({hit.result.id for hit in second.context["results"].groups[0].hits})


def test_goal_filter_keeps_only_objects_with_the_goal(client, db):
    response = client.get("/sv/sok/", {"q": NEED, "goal": 3, "kind": "expert"})
    ids = [hit.result.id for hit in response.context["results"].groups[0].hits]
    assert ids
    assert set(
        ExpertProfile.objects.filter(pk__in=ids, goals__number=3).values_list("pk", flat=True)
    ) == set(ids)


def test_visitors_do_not_find_profiles_for_coordinators(client_as, db):
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    ExpertProfile.objects.filter(pk=profile.pk).update(visibility=Visibility.COORDINATORS)
    query = {"q": NEED, "kind": "expert"}
    visitor = client_as(None).get("/sv/sok/", query).content.decode()
    partner = client_as("partner").get("/sv/sok/", query).content.decode()
    coordinator = client_as("coordinator").get("/sv/sok/", query).content.decode()
    assert "Jenny Blom" not in visitor
    assert "Jenny Blom" not in partner
    assert "Jenny Blom" in coordinator


@pytest.mark.parametrize(
    "query, field",
    [({"q": NEED, "kind": "unicorn"}, "kind"), ({"q": "ord " * 150}, "q"), ({"q": "  "}, "q")],
)
def test_bad_input_is_shown_at_the_field(client, db, query, field):
    response = client.get("/sv/sok/", query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["results"] is None


def test_script_in_the_query_is_escaped(client, db):
    response = client.get("/sv/sok/", {"q": "<script>alert(1)</script> hemtjänst"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_highlight_escapes_before_marking():
    marked = highlight("<b>Hemtjänst</b> & äldreomsorg", ["hemtjänst"])
    assert marked == "&lt;b&gt;<mark>Hemtjänst</mark>&lt;/b&gt; &amp; äldreomsorg"
    long = "ord " * 100 + "hemtjänst " + "ord " * 100
    assert highlight(long, ["hemtjänst"]).startswith("…")


def test_query_count_does_not_grow_with_the_page(client, db, django_assert_max_num_queries):
    client.get("/sv/sok/", {"q": NEED})
    with django_assert_max_num_queries(30):
        client.get("/sv/sok/", {"q": NEED})
    with django_assert_max_num_queries(30):
        client.get("/sv/sok/", {"q": NEED, "kind": "expert"})


def test_empty_search_page_offers_examples(client, db):
    body = client.get("/en/search/").content.decode()
    assert "Try for example" in body
    assert "?q=" in body


def test_the_grouped_count_is_what_the_kind_page_lists(client, db):
    query = "forskning forskar research samverkan kommun"
    grouped = client.get("/sv/sok/", {"q": query}).context["results"].groups
    for group in grouped:
        page = client.get("/sv/sok/", {"q": query, "kind": group.kind}).context["results"].page
        assert group.count == page.paginator.count


def test_words_nobody_uses_find_nothing(client, db):
    response = client.get("/sv/sok/", {"q": "xyzzy qwerty plugh"})
    assert response.context["results"].groups == []
