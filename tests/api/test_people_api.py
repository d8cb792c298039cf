import pytest

from samverkan.directory.models import Person

from ..directory.conftest import experts, make_expert, university  # noqa: F401

PRIVATE = {"email", "phone", "orcid", "website"}


def test_svenljunga_contacts(client, db):
    body = client.get("/api/v1/municipalities/1465/contacts").json()
    assert body["municipality"] == "Svenljunga kommun"
    hb = next(u for u in body["universities"] if u["university"] == "Högskolan i Borås")
    assert hb["source"] == "direct"
    contact = hb["contacts"][0]
    assert contact["name"] and contact["role"] == "contact"
    assert contact["organization"] == "Högskolan i Borås"
    assert contact["email"].endswith("@hb.example.se")


def test_contacts_say_which_fallback_is_shown(client, db):
    body = client.get("/api/v1/municipalities/1440/contacts").json()
    sources = {u["university"]: u["source"] for u in body["universities"]}
    assert sources["Göteborgs universitet"] == "association"
    assert sources["Chalmers tekniska högskola"] == "office"
    assert client.get("/api/v1/municipalities/9999/contacts").status_code == 404


def test_anonymous_callers_get_no_private_field(client, experts):  # noqa: F811
    items = client.get("/api/v1/people", {"limit": 500}).json()["items"]
    ids = {item["id"] for item in items}
    assert experts["public"].pk in ids
    assert not ids & {experts[k].pk for k in ("no_consent", "members", "coordinators")}
    for item in items:
        person = Person.objects.get(pk=item["id"])
        profile = getattr(person, "profile", None)
        if item["profile"] is not None:
            assert profile.is_public
    allowed = {"id", "name", "first_name", "last_name", "affiliations", "profile"} | PRIVATE
    assert all(set(item) <= allowed for item in items)  # never external_id, account or consent
    contact = Person.objects.filter(contact_assignments__isnull=False, profile__isnull=True).first()
    shown = next(item for item in items if item["id"] == contact.pk)
    assert shown["email"] == contact.email and shown["profile"] is None
    hidden = client.get(f"/api/v1/people/{experts['no_consent'].pk}")
    assert hidden.status_code == 404
    assert "välfärdsteknik" not in hidden.content.decode()


def test_logged_in_callers_see_more(client_as, experts):  # noqa: F811
    client = client_as("partner")
    body = client.get(f"/api/v1/people/{experts['no_consent'].pk}").json()
    assert body["email"] and body["profile"]["keywords"] == ["äldreomsorg"]
    hidden = client.get(f"/api/v1/experts/{experts['coordinators'].pk}")
    assert hidden.status_code == 404
    coordinator = client_as("coordinator").get(f"/api/v1/experts/{experts['coordinators'].pk}")
    assert coordinator.json()["profile"]["keywords"] == ["skola"]


def test_expert_search_with_parameters_and_explanations(client, experts):  # noqa: F811
    body = client.get("/api/v1/experts", {"q": "äldreomsorg", "sdg": 3, "language": "en"}).json()
    ids = [item["id"] for item in body["items"]]
    assert experts["public"].pk in ids and experts["no_consent"].pk not in ids
    for item in body["items"]:
        assert 3 in item["profile"]["sdgs"] and "en" in item["profile"]["languages"]
        assert item["reasons"] and "äldreomsorg" in item["explanation"]
    item = body["items"][ids.index(experts["public"].pk)]
    assert item["reasons"] == [{"field": "keywords", "words": ["äldreomsorg"]}]
    assert item["score"] > 0
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"sdg": 18},
        {"form": "castle"},
        {"language": "svenska"},
        {"organization": 0},
        {"organization": 999999},
    ],
)
def test_bad_search_parameters_are_400(client, db, params):
    response = client.get("/api/v1/experts", params)
    assert response.status_code == 400 and response.json()["detail"]


def test_people_list_queries_are_bounded(client_as, db, django_assert_max_num_queries):
    client = client_as("coordinator")
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/people", {"limit": 100}).json()
    assert len(body["items"]) == 100


def test_collaboration_forms(client, db):
    forms = client.get("/api/v1/collaboration-forms").json()
    assert len(forms) == 11
    assert forms[0]["slug"] == "degree-project" and forms[0]["name_sv"] == "Examensarbete"
