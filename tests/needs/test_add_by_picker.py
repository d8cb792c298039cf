"""The coordinator adds a person to a need by searching, never from a list of every expert."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import (
    Affiliation,
    ExpertProfile,
    Organization,
    OrganizationKind,
    Person,
)
from samverkan.directory.services import ProfileData, profile_update
from samverkan.kernel.picker import LIMIT, SEARCH
from samverkan.needs.models import Decision, NeedMatch

pytestmark = pytest.mark.django_db


def make_experts(count: int, last_name: str = "Sökbar") -> list[Person]:
    """``count`` people with an expert profile at a university of their own."""
    university = Organization.objects.create(
        name_sv=f"Högskolan för {last_name}",
        slug=f"hogskolan-{last_name.lower()}-{Organization.objects.count()}",
        kind=OrganizationKind.UNIVERSITY,
    )
    made = []
    for number in range(count):
        person = Person.objects.create(first_name=f"Expert{number}", last_name=last_name)
        Affiliation.objects.create(person=person, organization=university, title_sv="Lektor")
        profile_update(
            None,
            person,
            ProfileData(
                expertise_sv="Äldreomsorg.",
                keywords=["äldreomsorg"],
                languages=["sv"],
                visibility="members",
                goals=[],
                forms=list(CollaborationForm.objects.filter(slug="degree-project")),
            ),
            consent=False,
        )
        made.append(person)
    return made


def add_url(need) -> str:
    with translation.override("sv"):
        return reverse("needs:act", kwargs={"reference": need.reference, "action": "add"})


def choices(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="person" value="(\d+)"', html)


def test_the_workspace_has_a_search_box_instead_of_every_expert(client_as, make_need):
    need = make_need("partner")
    html = client_as("coordinator").get(need.get_absolute_url()).content.decode()
    assert 'id="add-profile"' not in html and 'name="profile"' not in html
    assert 'name="person_q"' in html
    assert choices(html) == []
    assert ExpertProfile.objects.count() > LIMIT


def test_searching_without_javascript_comes_back_with_the_matches(client_as, make_need):
    need = make_need("partner")
    wanted = make_experts(2, "Hittasson")
    client = client_as("coordinator")
    response = client.post(add_url(need), {SEARCH: "person", "person_q": "hittasson"})
    assert response.status_code == 302
    assert "person_q=hittasson" in response["Location"]
    page = client.get(response["Location"])
    assert set(choices(page.content.decode())) == {str(p.pk) for p in wanted}
    assert "Lektor, Högskolan för Hittasson" in page.content.decode()
    assert not NeedMatch.objects.filter(need=need, person__in=wanted).exists()


def test_choosing_a_match_adds_the_person_accepted(client_as, make_need):
    need = make_need("partner")
    [person] = make_experts(1, "Väljsson")
    client_as("coordinator").post(add_url(need), {"person": person.pk})
    added = NeedMatch.objects.get(need=need, person=person)
    assert added.decision == Decision.ACCEPTED and added.added_by_hand


def test_a_person_without_an_expert_profile_cannot_be_added(client_as, make_need):
    need = make_need("partner")
    plain = Person.objects.create(first_name="Utan", last_name="Profil")
    Affiliation.objects.create(person=plain, organization=Organization.objects.get(slug="hb"))
    response = client_as("coordinator").post(add_url(need), {"person": plain.pk}, follow=True)
    assert "Sök och välj sedan en av träffarna." in response.content.decode()
    assert not NeedMatch.objects.filter(need=need, person=plain).exists()


def test_only_coordinators_of_the_need_add_people(client_as, make_need):
    need = make_need("partner")
    [person] = make_experts(1, "Obehörigsson")
    for role in ("partner", "expert"):
        client_as(role).post(add_url(need), {"person": person.pk})
    assert not NeedMatch.objects.filter(need=need, person=person).exists()


def test_the_workspace_with_a_search_costs_the_same_queries_for_few_or_many_experts(
    client_as, make_need, django_assert_max_num_queries
):
    need = make_need("partner")
    client = client_as("coordinator")
    make_experts(3, "Mängdsson")
    page = f"{need.get_absolute_url()}?person_q=mängdsson"
    client.get(page)
    with django_assert_max_num_queries(40) as context:
        client.get(page)
    budget = len(context.captured_queries)
    make_experts(40, "Mängdsson")
    with django_assert_max_num_queries(budget):
        html = client.get(page).content.decode()
    assert len(choices(html)) == LIMIT
