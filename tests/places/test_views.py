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
    # Case and å/ä/ö are folded the same way on every database (the list as htmx updates it;
    # a full request with a single hit goes straight to the page, tested below).
    by_name = client.get(list_url, {"q": "BORÅS"}, HTTP_HX_REQUEST="true")
    assert [
        m.name for c in by_name.context["counties"] for g in c["groups"] for m in g["items"]
    ] == ["Borås"]
    by_code = client.get(list_url, {"q": "1465"}, HTTP_HX_REQUEST="true")
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
    assert ("Västra Götalands län" if lang == "sv" else "Västra Götaland County") in html
    assert "Boråsregionen Sjuhärads kommunalförbund" in html
    assert 'class="is-highlighted"' in html
    assert "kommunsamverkan@hb.example.se" in html
    assert "Svenljunga" in html  # a fellow member of the association


def test_the_english_municipality_page_names_the_county_in_english(client, db):
    html = client.get(url("site:municipality", "en", code="1452")).content.decode()
    assert "Västra Götaland County" in html
    assert "Map of Västra Götaland County with Tranemo highlighted" in html
    assert "Västra Götalands län" not in html


def test_the_swedish_municipality_page_names_the_county_in_swedish(client, db):
    html = client.get(url("site:municipality", "sv", code="1452")).content.decode()
    assert "Västra Götalands län" in html
    assert "Västra Götaland County" not in html


def test_the_english_county_filter_lists_the_english_names(client, db):
    response = client.get(url("places:municipality_list", "en"))
    labels = [label for _, label in response.context["form"].fields["county"].choices][1:]
    assert len(labels) == 21 and all(label.endswith(" County") for label in labels)
    html = response.content.decode()
    assert '<option value="14">Västra Götaland County</option>' in html
    assert "Västra Götalands län" not in html


def test_the_english_list_groups_under_english_county_names(client, db):
    html = client.get(url("places:municipality_list", "en"), {"county": "13"}).content.decode()
    assert "<summary>Halland County" in html


@pytest.mark.parametrize(
    ("lang", "county"), [("sv", "Västra Götalands län"), ("en", "Västra Götaland County")]
)
def test_the_association_page_names_its_county_in_the_readers_language(client, db, lang, county):
    html = client.get(url("site:association", lang, slug="sjuharad")).content.decode()
    assert county in html


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
    # 28: the timeline section costs one query (its latest entries, every kind in one UNION).
    with django_assert_max_num_queries(28):
        client.get(page)
    borås = Organization.objects.get(municipality__code="1490")
    ArenaMembership.objects.create(arena=west_arena, organization=borås)
    with django_assert_max_num_queries(28):
        response = client.get(page)
    assert len(response.context["arenas"]) == 2


def test_municipality_list_queries_are_bounded(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(url("places:municipality_list"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tranemo kommun", "1452"),
        ("Borås Stad", "1490"),
        ("vargarda", "1442"),
        ("Göteborgs Stad", "1480"),
        ("  göteborgs stad ", "1480"),
        ("Stockholms stad", "0180"),
        ("Falu kommun", "2080"),
        ("Region Gotland", "0980"),
        ("1452", "1452"),
        ("BORÅS", "1490"),
    ],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_search_that_names_one_municipality_goes_straight_to_its_page(
    client, db, text, code, lang
):
    response = client.get(url("places:municipality_list", lang), {"q": text})
    assert response.status_code == 302
    assert response["Location"] == url("site:municipality", lang, code=code)


@pytest.mark.parametrize(
    "text",
    [
        "Region Västra Götaland",
        "region vastra gotaland",
        "Västra Götalandsregionen",
        "14",
        "Västra Götaland County",
    ],
)
def test_a_region_lists_its_countys_municipalities_and_says_so(client, db, text):
    response = client.get(url("places:municipality_list", "en"), {"q": text})
    assert response.status_code == 200
    assert response.context["result_count"] == 49
    assert response.context["found_county"].code == "14"
    html = response.content.decode()
    assert "These are the municipalities of Västra Götaland County." in html


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("Region Stockholm", "01"),
        ("Stockholms län", "01"),
        ("Region Sörmland", "04"),
        ("Skåne", "12"),
        ("Stockholm County", "01"),
        ("Gotland County", "09"),
    ],
)
def test_regions_and_counties_are_not_mistaken_for_their_main_town(client, db, text, county):
    response = client.get(url("places:municipality_list"), {"q": text})
    assert response.context["found_county"].code == county


def test_several_hits_are_listed_and_htmx_never_redirects(client, db):
    several = client.get(url("places:municipality_list"), {"q": "mark"})
    assert several.status_code == 200 and several.context["result_count"] > 1
    one = client.get(url("places:municipality_list"), {"q": "Tranemo"}, HTTP_HX_REQUEST="true")
    assert one.status_code == 200 and one.context["result_count"] == 1


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_finders_query_does_not_leak_into_the_header_search(client, db, lang):
    html = client.get(url("places:municipality_list", lang), {"q": "Region Halland"}).content
    html = html.decode()
    header = html[html.index('id="site-search-q"') :].split(">", 1)[0]
    assert 'value=""' in header
    assert 'value="Region Halland"' in html  # the finder's own field keeps it
    search = client.get(url("matching:search", lang), {"q": "äldreomsorg"}).content.decode()
    header = search[search.index('id="site-search-q"') :].split(">", 1)[0]
    assert 'value="äldreomsorg"' in header


def test_the_home_pages_finder_reaches_the_municipality(client, db):
    home = client.get(url("site:home")).content.decode()
    assert f'action="{url("places:municipality_list")}"' in home
    response = client.get(url("places:municipality_list"), {"q": "Tranemo kommun"}, follow=True)
    assert response.redirect_chain[-1][0] == url("site:municipality", code="1452")
    assert "Tranemo kommun" in response.content.decode()
