import pytest


def test_municipalities_are_paginated_with_a_total_count(client, db):
    body = client.get("/api/v1/municipalities").json()
    assert body["count"] == 290
    assert len(body["items"]) == 100  # default page size
    everything = client.get("/api/v1/municipalities", {"limit": 500}).json()
    assert len(everything["items"]) == 290
    codes = [m["code"] for m in everything["items"]]
    assert codes == sorted(codes) and len(set(codes)) == 290
    page = client.get("/api/v1/municipalities", {"limit": 10, "offset": 280}).json()
    assert [m["code"] for m in page["items"]] == codes[280:]


def test_boras_in_detail(client, db):
    response = client.get("/api/v1/municipalities/1490")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Borås"
    assert body["county"] == {
        "code": "14",
        "name": "Västra Götalands län",
        "name_en": "Västra Götaland County",
    }
    assert body["associations"] == [
        {"slug": "sjuharad", "name": "Boråsregionen Sjuhärads kommunalförbund"}
    ]
    assert body["geometry"]["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    ("params", "count"),
    [({"county": "14"}, 49), ({"association": "fyrbodal"}, 14), ({"q": "göteborg"}, 1)],
)
def test_municipality_filters(client, db, params, count):
    assert client.get("/api/v1/municipalities", params).json()["count"] == count


def test_unknown_scb_code_is_a_json_404(client, db):
    response = client.get("/api/v1/municipalities/9999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "9999" in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"county": "abc"},
        {"county": "99"},
        {"association": "Not A Slug!"},
        {"association": "nowhere"},
        {"limit": "-1"},
        {"offset": "many"},
    ],
)
def test_malformed_filters_are_a_json_400(client, db, params):
    response = client.get("/api/v1/municipalities", params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_counties_and_associations(client, db):
    counties = client.get("/api/v1/counties").json()
    assert len(counties) == 21
    assert counties[0] == {"code": "01", "name": "Stockholms län", "name_en": "Stockholm County"}
    associations = {a["slug"]: a for a in client.get("/api/v1/associations").json()}
    assert "1384" in associations["goteborgsregionen"]["members"]
    assert len(associations["sjuharad"]["members"]) == 8


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_counties_keep_the_swedish_name_and_add_the_english_one_in_any_language(client, db, lang):
    response = client.get("/api/v1/counties", HTTP_ACCEPT_LANGUAGE=lang)
    counties = {county["code"]: county for county in response.json()}
    assert counties["14"]["name"] == "Västra Götalands län"
    assert counties["14"]["name_en"] == "Västra Götaland County"
    assert all(county["name_en"].endswith(" County") for county in counties.values())


def test_the_openapi_document_describes_the_english_county_name(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    county = schema["components"]["schemas"]["CountyOut"]
    assert {"code", "name", "name_en"} <= set(county["required"])


def test_list_queries_are_bounded(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/municipalities", {"limit": 500})
    with django_assert_max_num_queries(3):
        client.get("/api/v1/associations")
