def test_organisations_filter_by_kind_and_municipality(client, db):
    universities = client.get("/api/v1/organizations", {"kind": "university", "top_level": True})
    body = universities.json()
    assert body["count"] >= 40
    names = {o["name_sv"] for o in body["items"]}
    assert "Chalmers tekniska högskola" in names
    borås = client.get("/api/v1/organizations", {"municipality": "1490"}).json()
    assert [o["name_sv"] for o in borås["items"]] == ["Borås kommun"]
    assert borås["items"][0]["municipality"] == "1490"


def test_organisation_detail_lists_units(client, db):
    hb = client.get("/api/v1/organizations", {"q": "Högskolan i Borås", "top_level": True}).json()
    detail = client.get(f"/api/v1/organizations/{hb['items'][0]['id']}").json()
    assert detail["name_en"] == "University of Borås"
    assert any(u["name_sv"].startswith("Akademin") for u in detail["units"])


def test_organisation_errors(client, db):
    assert client.get("/api/v1/organizations/0").status_code == 404
    assert client.get("/api/v1/organizations", {"kind": "castle"}).status_code == 400
    assert client.get("/api/v1/organizations", {"municipality": "12"}).status_code == 400


def test_organisation_list_queries_are_bounded(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/organizations", {"limit": 200})


def test_arenas(client, db):
    arenas = {a["slug"]: a for a in client.get("/api/v1/arenas").json()}
    assert set(arenas) == {"vastsvensk-arena", "hb-kommunsamverkan"}
    assert len(arenas["hb-kommunsamverkan"]["members"]) == 9
    assert client.get("/api/v1/arenas/nowhere").status_code == 404


def test_openapi_document_describes_the_api(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/municipalities",
        "/api/v1/municipalities/{code}",
        "/api/v1/counties",
        "/api/v1/associations",
        "/api/v1/organizations",
        "/api/v1/sdg/goals",
        "/api/v1/sdg/targets",
        "/api/v1/arenas",
    ]:
        assert path in schema["paths"], path
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content  # the browsable docs are served locally
