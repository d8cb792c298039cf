"""Posting an offering: who posts it and its contact are chosen by searching, within what the
user may post for; a user with a few organisations sees them without searching."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.catalogue.permissions import posting_organizations
from samverkan.directory.models import Organization, Person
from samverkan.kernel.picker import LIMIT, SEARCH

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs or None)


def values(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="(\d+)"', html)


def offering(**fields: object) -> dict:
    return {
        "title_sv": "Praktik i miljöförvaltningen",
        "description_sv": "<p>Tio veckor.</p>",
        "form": CollaborationForm.objects.get(slug="internship").pk,
        "audience": "students",
        "status": "open",
        **fields,
    }


def test_a_partner_sees_the_organisations_they_post_for_without_searching(client_as, demo_user):
    html = client_as("partner").get(url("catalogue:offering_new")).content.decode()
    own = posting_organizations(demo_user("partner"))
    assert own.count() <= LIMIT
    assert set(values(html, "organization")) == {str(pk) for pk in own.values_list("pk", flat=True)}
    assert '<select name="organization"' not in html


def test_a_coordinator_searches_among_every_organisation(client_as):
    client = client_as("coordinator")
    html = client.get(url("catalogue:offering_new")).content.decode()
    assert values(html, "organization") == []
    response = client.post(
        url("catalogue:offering_new"),
        offering(**{SEARCH: "organization", "organization_q": "chalmers"}),
    )
    found = values(response.content.decode(), "organization")
    assert str(Organization.objects.get(slug="chalmers").pk) in found
    assert response.context["form"].errors == {}
    assert not Offering.objects.filter(title_sv="Praktik i miljöförvaltningen").exists()


def test_a_contact_outside_the_posters_organisations_is_refused_at_the_field(client_as, demo_user):
    own = Organization.objects.get(municipality__code="1490")
    stranger = (
        Person.objects.filter(affiliations__isnull=False)
        .exclude(affiliations__organization__in=posting_organizations(demo_user("partner")))
        .first()
    )
    response = client_as("partner").post(
        url("catalogue:offering_new"), offering(organization=own.pk, contact=stranger.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact"] == ["Välj en av träffarna."]
    assert not Offering.objects.filter(title_sv="Praktik i miljöförvaltningen").exists()


def test_the_partner_posts_with_a_contact_chosen_among_their_colleagues(client_as):
    own = Organization.objects.get(municipality__code="1490")
    colleague = Person.objects.filter(affiliations__organization=own).first()
    response = client_as("partner").post(
        url("catalogue:offering_new"), offering(organization=own.pk, contact=colleague.pk)
    )
    assert response.status_code == 302
    saved = Offering.objects.get(title_sv="Praktik i miljöförvaltningen")
    assert (saved.organization, saved.contact) == (own, colleague)
