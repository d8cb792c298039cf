import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.arenas.models import ArenaMembership
from samverkan.directory.models import Organization


def url(name: str, lang: str = "sv", **kwargs: str) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_municipality_list_groups_by_county_and_association(client, db, lang):
    response = client.get(url("places:municipality_list", lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert "290" in html
    assert "Boråsregionen Sjuhärads kommunalförbund" in html
    assert f'href="/{lang}/' in html


def test_municipality_list_filters(client, db):
    list_url = url("places:municipality_list")
    by_association = client.get(list_url, {"association": "sjuharad"})
    assert by_association.context["result_count"] == 8
    by_county = client.get(list_url, {"county": "14"})
    assert by_county.context["result_count"] == 49
    # Case and å/ä/ö are folded the same way on every database.
    by_name = client.get(list_url, {"q": "BORÅS"})
    assert [
        m.name for c in by_name.context["counties"] for g in c["groups"] for m in g["items"]
    ] == ["Borås"]
    by_code = client.get(list_url, {"q": "1465"})
    assert by_code.context["result_count"] == 1


def test_municipality_list_reports_a_bad_filter_at_the_field(client, db):
    response = client.get(url("places:municipality_list"), {"county": "99"})
    assert response.status_code == 200
    assert response.context["form"].errors["county"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_htmx_request_gets_only_the_results(client, db):
    response = client.get(url("places:municipality_list"), {"q": "Mark"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Mark" in html


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_municipality_page_shows_facts_map_and_arenas(client, db, lang):
    response = client.get(url("site:municipality", lang, code="1490"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Borås kommun" in html
    assert "Västra Götalands län" in html
    assert "Boråsregionen Sjuhärads kommunalförbund" in html
    assert 'class="is-highlighted"' in html
    assert "kommunsamverkan@hb.example.se" in html
    assert "Svenljunga" in html  # a fellow member of the association


def test_municipality_page_without_organisation(client, db):
    response = client.get(url("site:municipality", code="0180"))
    assert response.status_code == 200
    assert response.context["organization"] is None
    assert "Stockholms kommun" in response.content.decode()


def test_unknown_municipality_is_404(client, db):
    assert client.get(url("site:municipality", code="9999")).status_code == 404


def test_municipality_page_queries_do_not_grow_with_memberships(
    client, db, django_assert_max_num_queries, west_arena, boras_arena
):
    page = url("site:municipality", code="1490")
    client.get(page)  # warm the map cache like any running site
    with django_assert_max_num_queries(24):
        client.get(page)
    borås = Organization.objects.get(municipality__code="1490")
    ArenaMembership.objects.create(arena=west_arena, organization=borås)
    with django_assert_max_num_queries(24):
        response = client.get(page)
    assert len(response.context["arenas"]) == 2


def test_municipality_list_queries_are_bounded(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(url("places:municipality_list"))
