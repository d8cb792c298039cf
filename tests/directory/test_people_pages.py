import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.directory.models import Person


def url(name: str, lang: str = "sv", **kwargs: object) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def test_visitor_cannot_see_a_non_consenting_profile(client, experts):
    assert client.get(url("directory:person", pk=experts["public"].pk)).status_code == 200
    response = client.get(url("directory:person", pk=experts["no_consent"].pk))
    assert response.status_code == 404
    assert "välfärdsteknik" not in response.content.decode()


def test_logged_in_user_sees_a_members_profile_but_not_a_coordinators_only_one(client_as, experts):
    client = client_as("partner")
    members = client.get(url("directory:person", pk=experts["members"].pk)).content.decode()
    assert "dagvatten" in members
    hidden = client.get(url("directory:person", pk=experts["coordinators"].pk)).content.decode()
    assert "Skolutveckling" not in hidden
    coordinator = client_as("coordinator").get(
        url("directory:person", pk=experts["coordinators"].pk)
    )
    assert "Skolutveckling" in coordinator.content.decode()


def test_search_explains_why_each_person_matched(client, experts):
    response = client.get(
        url("directory:people", "en"),
        {"q": "äldreomsorg hemtjänst", "organization": "testhogskolan"},
    )
    rows = response.context["rows"]
    assert [row["person"] for row in rows] == [experts["public"]]
    reasons = {r.field: r.words for r in rows[0]["result"].reasons}
    assert reasons == {"keywords": ["äldreomsorg"], "expertise": ["hemtjänst"]}
    assert "in keywords" in response.content.decode()
    everyone = client.get(url("directory:people"), {"q": "äldreomsorg hemtjänst"}).context["rows"]
    assert all(row["result"].reasons for row in everyone)


def test_search_respects_visibility(client, client_as, experts):
    query = {"q": "äldreomsorg", "organization": "testhogskolan"}
    public = client.get(url("directory:people"), query).context["rows"]
    assert {row["person"] for row in public} == {experts["public"]}
    members = client_as("partner").get(url("directory:people"), query).context["rows"]
    assert {row["person"] for row in members} == {experts["public"], experts["no_consent"]}
    skola = {**query, "q": "skola"}
    coordinator = client_as("coordinator").get(url("directory:people"), skola).context["rows"]
    assert [row["person"] for row in coordinator] == [experts["coordinators"]]
    assert client_as("partner").get(url("directory:people"), skola).context["rows"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"goal": "8"}, {"public"}),
        ({"form": "degree-project"}, {"public"}),
        ({"language": "en"}, {"public"}),
        (
            {"organization": "testhogskolan", "experts_only": "on"},
            {"public", "no_consent", "members"},
        ),
    ],
)
def test_search_filters(client_as, experts, params, expected):
    response = client_as("partner").get(
        url("directory:people"), {**params, "organization": "testhogskolan"}
    )
    found = {row["person"] for row in response.context["rows"]}
    assert found == {experts[name] for name in expected}


def test_search_is_paginated_with_bounded_queries(
    client_as, experts, django_assert_max_num_queries
):
    client = client_as("coordinator")
    with django_assert_max_num_queries(16):
        response = client.get(url("directory:people"))
    page = response.context["page"]
    assert page.paginator.per_page == 20 and page.paginator.count > 100
    assert len(response.context["rows"]) == 20


def test_expert_edits_own_profile_and_sees_it_public(client_as, demo_user, client):
    expert = demo_user("expert")
    person = expert.person
    edit = url("directory:profile_edit", pk=person.pk)
    editor = client_as("expert")
    assert editor.get(edit).status_code == 200
    data = {
        "profile-expertise_sv": "Jag forskar om vinterväghållning och nattarbete i hemtjänsten.",
        "profile-expertise_en": "",
        "profile-keywords_text": "vinterväghållning, nattarbete",
        "profile-goals": ["3"],
        "profile-forms": [],
        "profile-languages": ["sv"],
        "profile-availability": "limited",
        "profile-availability_note": "Från hösten.",
        "profile-visibility": "public",
        "profile-consent": "on",
        "person-phone": "070-174 06 98",
        "person-orcid": "",
        "person-website": "",
    }
    response = editor.post(edit, data)
    assert response.status_code == 302
    public_page = client.get(url("directory:person", pk=person.pk)).content.decode()
    assert "vinterväghållning och nattarbete" in public_page
    search = client.get(url("directory:people"), {"q": "vinterväghållning"}).context["rows"]
    assert [row["person"].pk for row in search] == [person.pk]
    # A public profile needs consent; withdrawing it hides the profile from visitors again.
    refused = editor.post(edit, {**data, "profile-consent": ""})
    assert refused.status_code == 200 and refused.context["profile_form"].errors["consent"]
    editor.post(edit, {**data, "profile-consent": "", "profile-visibility": "members"})
    person.profile.refresh_from_db()
    assert person.profile.consent_at is None
    page = client.get(url("directory:person", pk=person.pk))  # a designated contact stays listed
    assert "vinterväghållning" not in page.content.decode()


def test_profile_form_rejects_bad_input_at_the_field(client_as, demo_user):
    person = demo_user("expert").person
    response = client_as("expert").post(
        url("directory:profile_edit", pk=person.pk),
        {
            "profile-expertise_sv": "",
            "profile-expertise_en": "",
            "profile-availability": "available",
            "profile-visibility": "members",
            "profile-keywords_text": "x" * 70,
            "person-orcid": "1234",
            "person-website": "not a url",
        },
    )
    assert response.status_code == 200
    assert set(response.context["profile_form"].errors) == {"expertise_sv", "keywords_text"}
    assert set(response.context["details_form"].errors) == {"orcid", "website"}
    assert Person.objects.get(pk=person.pk).orcid == ""


@pytest.mark.parametrize(
    ("role", "status"), [(None, 302), ("partner", 403), ("expert", 403), ("coordinator", 200)]
)
def test_who_may_edit_someone_elses_profile(client_as, experts, role, status):
    response = client_as(role).get(url("directory:profile_edit", pk=experts["public"].pk))
    assert response.status_code == status


def test_organisation_directory_lists_and_filters(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(url("directory:organization_list"), {"kind": "university"})
    assert response.context["page"].paginator.count >= 44
    by_goal = client.get(url("directory:organization_list"), {"goal": "3"})
    assert all(o.kind == "university" for o in by_goal.context["page"])
    by_association = client.get(url("directory:organization_list"), {"association": "sjuharad"})
    assert by_association.context["page"].paginator.count >= 8


def test_university_page_shows_units_office_people_and_contacts(
    client, client_as, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(24):
        response = client.get(url("directory:organization", "en", slug="hb"))
    coordinator_view = client_as("coordinator").get(url("directory:organization", slug="hb"))
    assert coordinator_view.context["page"].paginator.count > 20
    assert len(coordinator_view.context["people"]) == 20
    html = response.content.decode()
    assert "Collaboration office" in html
    assert "Faculty of Textiles, Engineering and Business" in html
    assert response.context["represents"]  # designated contacts for Sjuhärad municipalities
    assert "Svenljunga" in html
