"""The association's page: members, the universities' contacts for it and what goes on in its
municipalities."""

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.collaborations.models import Collaboration, Review
from samverkan.directory.models import ContactAssignment, Organization
from samverkan.places.models import MunicipalAssociation, Municipality


def url(lang: str = "sv", slug: str = "sjuharad") -> str:
    with translation.override(lang):
        return reverse("site:association", kwargs={"slug": slug})


@pytest.mark.parametrize(("lang", "path"), [("sv", "kommunalforbund"), ("en", "associations")])
def test_the_association_has_a_page_in_both_languages(client, db, lang, path):
    assert url(lang) == f"/{lang}/{path}/sjuharad/"
    response = client.get(url(lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Boråsregionen Sjuhärads kommunalförbund" in html
    association = MunicipalAssociation.objects.get(slug="sjuharad")
    for member in association.members.all():
        assert f'href="{member.get_absolute_url()}"' in html  # each member links to its page


def test_the_page_shows_the_associations_contacts_and_the_members_activity(client, db):
    association = MunicipalAssociation.objects.get(slug="skaraborg")
    response = client.get(url("en", "skaraborg"))
    shown = {a.pk for a in response.context["contacts"]}
    expected = set(
        ContactAssignment.objects.filter(counterpart__association=association).values_list(
            "pk", flat=True
        )
    )
    assert shown == expected
    members = {m.municipality.code: m for m in response.context["members"]}
    assert set(members) == set(association.members.values_list("code", flat=True))
    sjuharad = client.get(url("en")).context
    by_code = {m.municipality.code: m for m in sjuharad["members"]}
    tranemo = Collaboration.objects.filter(
        review=Review.APPROVED, parties__organization__municipality__code="1452"
    )
    assert by_code["1452"].collaborations == tranemo.distinct().count() > 0
    assert sjuharad["collaboration_total"] >= by_code["1452"].collaborations
    assert any(m.needs for m in by_code.values())
    assert sjuharad["recent_collaborations"]


def test_a_gothenburg_region_contact_is_shown_on_its_association_page(client, db):
    gu = Organization.objects.get(slug="gu")
    html = client.get(url("en", "goteborgsregionen")).content.decode()
    assignment = ContactAssignment.objects.filter(
        organization=gu, counterpart__association__slug="goteborgsregionen"
    ).first()
    assert assignment.person.full_name in html


def test_the_municipality_page_links_to_its_association(client, db):
    with translation.override("en"):
        page = reverse("site:municipality", kwargs={"code": "1452"})
    assert f'href="{url("en")}"' in client.get(page).content.decode()
    with translation.override("en"):
        listing = reverse("places:municipality_list")
    assert f'href="{url("en")}"' in client.get(listing).content.decode()


def test_unknown_association_is_404(client, db):
    assert client.get(url("sv", "no-such-association")).status_code == 404


def test_association_page_queries_do_not_grow_with_the_members(
    client, db, django_assert_max_num_queries
):
    page = url("en", "goteborgsregionen")
    with django_assert_max_num_queries(16) as before:
        client.get(page)
    association = MunicipalAssociation.objects.get(slug="goteborgsregionen")
    association.members.add(*Municipality.objects.filter(county__code="14")[:30])
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(page)
    assert len(response.context["members"]) > 13
