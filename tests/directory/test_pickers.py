"""Choosing a person or an organisation by searching, with and without JavaScript.

The pickers replace selects of every person and organisation: a form lists only what a search
finds, each with the affiliation or university that tells namesakes apart, and the fragment htmx
fetches while the user types offers exactly what the form accepts.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.directory.models import (
    Affiliation,
    ContactAssignment,
    Organization,
    OrganizationKind,
    Person,
)
from samverkan.kernel.picker import LIMIT, SEARCH

from .conftest import make_expert


def url(view: str, **kwargs: object) -> str:
    with translation.override("sv"):
        return reverse(view, kwargs=kwargs)


def pick_url(picker: str) -> str:
    return url("kernel:pick", name=picker)


def radio_values(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="(?:radio|checkbox)" name="{name}" value="(\d+)"', html)


@pytest.fixture
def namesakes(university: Organization) -> list[Person]:
    """Two people called Karin Lund, told apart only by where they work."""
    other = Organization.objects.create(
        name_sv="Andra högskolan", slug="andra-hogskolan", kind=OrganizationKind.UNIVERSITY
    )
    unit = Organization.objects.create(
        name_sv="Institutionen för vårdvetenskap",
        slug="andra-vard",
        kind=OrganizationKind.UNIVERSITY,
        parent=other,
    )
    first = make_expert(university, "Karin", "Lund")
    second = make_expert(unit, "Karin", "Lund")
    return [first, second]


def test_the_designation_form_has_a_search_box_and_no_list_of_everybody(client_as):
    html = client_as("coordinator").get(url("directory:contact_assign", code="1465")).content
    html = html.decode()
    assert '<select name="person"' not in html
    assert 'name="person_q"' in html
    assert radio_values(html, "person") == []


def test_searching_without_javascript_lists_matches_and_saves_nothing(client_as, namesakes):
    before = ContactAssignment.objects.count()
    response = client_as("coordinator").post(
        url("directory:contact_assign", code="1465"),
        {SEARCH: "person", "person_q": "karin lund", "role": "contact"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert set(radio_values(html, "person")) == {str(p.pk) for p in namesakes}
    assert "Testhögskolan" in html
    assert "Institutionen för vårdvetenskap, Andra högskolan" in html
    assert response.context["form"].errors == {}
    assert ContactAssignment.objects.count() == before


def test_choosing_a_match_designates_the_person(client_as, namesakes):
    chosen = namesakes[1]
    response = client_as("coordinator").post(
        url("directory:contact_assign", code="1465"),
        {"person": chosen.pk, "person_q": "karin lund", "role": "contact"},
    )
    assert response.status_code == 302
    assert ContactAssignment.objects.filter(
        person=chosen, counterpart__municipality__code="1465"
    ).exists()


def test_sending_without_choosing_says_what_to_do_at_the_field(client_as):
    response = client_as("coordinator").post(
        url("directory:contact_assign", code="1465"), {"person_q": "", "role": "contact"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["person"]
    assert errors == ["Sök och välj sedan en av träffarna."]


def test_the_chosen_person_stays_chosen_when_the_form_comes_back(client_as, namesakes):
    chosen = namesakes[0]
    response = client_as("coordinator").post(
        url("directory:contact_assign", code="1465"),
        {"person": chosen.pk, "role": "contact", "end_date": "nonsense"},
    )
    html = response.content.decode()
    assert f'value="{chosen.pk}" id="id_person_{chosen.pk}" checked' in html


def test_the_fragment_lists_what_the_form_accepts(client_as, namesakes):
    response = client_as("coordinator").get(
        pick_url("people"), {"field": "person", "person_q": "lund karin"}
    )
    assert response.status_code == 200
    assert set(radio_values(response.content.decode(), "person")) == {str(p.pk) for p in namesakes}


def test_letters_and_endings_do_not_matter(client_as, university):
    person = make_expert(university, "Åsa", "Östergren")
    html = (
        client_as("coordinator")
        .get(pick_url("people"), {"field": "p", "p_q": "asa ostergr"})
        .content.decode()
    )
    assert radio_values(html, "p") == [str(person.pk)]


def test_a_person_is_found_by_name_and_organisation(client_as, namesakes):
    html = (
        client_as("coordinator")
        .get(pick_url("people"), {"field": "p", "p_q": "lund vårdvetenskap"})
        .content.decode()
    )
    assert radio_values(html, "p") == [str(namesakes[1].pk)]


def test_a_long_list_is_cut_and_says_to_type_more(client_as, university):
    for number in range(LIMIT + 2):
        make_expert(university, f"Test{number}", "Mångnamn")
    html = (
        client_as("coordinator")
        .get(pick_url("people"), {"field": "p", "p_q": "mångnamn"})
        .content.decode()
    )
    assert len(radio_values(html, "p")) == LIMIT
    assert "Skriv mer" in html


def test_no_match_says_so(client_as):
    html = (
        client_as("coordinator")
        .get(pick_url("people"), {"field": "p", "p_q": "qxzzy"})
        .content.decode()
    )
    assert radio_values(html, "p") == []
    assert "qxzzy" in html


def test_the_fragment_is_for_logged_in_users_only(client):
    response = client.get(pick_url("people"), {"field": "p", "p_q": "berg"})
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


def test_an_unknown_picker_is_not_found_and_a_bad_field_name_is_refused(client_as):
    client = client_as("coordinator")
    assert client.get(pick_url("no-such-picker"), {"field": "p"}).status_code == 404
    assert client.get(pick_url("people"), {"field": '"><script>'}).status_code == 400


def test_the_fragment_costs_the_same_queries_for_two_matches_or_ten(
    client_as, university, django_assert_max_num_queries
):
    client = client_as("coordinator")
    for number in range(2):
        make_expert(university, f"Få{number}", "Räknesson")
    query = {"field": "p", "p_q": "räknesson"}
    client.get(pick_url("people"), query)
    with django_assert_max_num_queries(50) as context:
        client.get(pick_url("people"), query)
    budget = len(context.captured_queries)
    for number in range(8):
        make_expert(university, f"Många{number}", "Räknesson")
    with django_assert_max_num_queries(budget):
        html = client.get(pick_url("people"), query).content.decode()
    assert len(radio_values(html, "p")) == LIMIT


def test_bulk_designation_offers_only_people_at_a_university(client_as, namesakes):
    municipal = Organization.objects.get(municipality__code="1452")
    clerk = Person.objects.create(first_name="Karin", last_name="Lund")
    Affiliation.objects.create(person=clerk, organization=municipal)
    html = (
        client_as("coordinator")
        .get(pick_url("university-people"), {"field": "p", "p_q": "karin lund"})
        .content.decode()
    )
    assert str(clerk.pk) not in radio_values(html, "p")
    assert set(radio_values(html, "p")) == {str(p.pk) for p in namesakes}


def test_organisations_are_found_without_accents_and_units_name_their_university(client_as):
    html = (
        client_as("coordinator")
        .get(pick_url("organizations"), {"field": "o", "o_q": "goteborgs"})
        .content.decode()
    )
    gothenburg = Organization.objects.get(municipality__code="1480")
    assert str(gothenburg.pk) in radio_values(html, "o")


def test_organisation_names_in_the_picker_are_not_repeated(client_as):
    """A unit name shared by several universities is one line per unit, each with its own
    university, never the same bare name twice."""
    html = (
        client_as("coordinator")
        .get(pick_url("offering-organizations"), {"field": "o", "o_q": "institutionen"})
        .content.decode()
    )
    lines = re.findall(
        r'<span class="picker__label">([^<]*)</span>(?: <span class="picker__detail">([^<]*))?',
        html,
    )
    assert lines
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize("typed", ["goteborgs universitet", "GÖTEBORGS univ", "GU"])
def test_the_organisation_list_finds_a_name_typed_without_accents_or_in_capitals(client, db, typed):
    found = client.get(url("directory:organization_list"), {"q": typed}).context["page"]
    assert "gu" in [organization.slug for organization in found]
