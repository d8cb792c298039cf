"""A collaboration's parties and people are chosen by searching; what is chosen stays shown."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration
from samverkan.directory.models import Organization
from samverkan.kernel.picker import SEARCH

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs or None)


def checked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="(\d+)" id="[^"]+" checked', html))


def listed(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"', html))


def test_the_edit_page_shows_the_parties_chosen_and_no_list_of_every_organisation(client_as):
    collaboration = Collaboration.objects.filter(parties__role="lead").first()
    html = client_as("coordinator").get(url("collaborations:edit", pk=collaboration.pk))
    html = html.content.decode()
    leads = {str(p.organization_id) for p in collaboration.parties.filter(role="lead")}
    assert checked(html, "leads") == leads
    assert listed(html, "leads") == leads
    for name in ("leads", "partners", "funders", "people"):
        assert f'<select name="{name}"' not in html
    assert len(listed(html, "funders")) <= collaboration.parties.filter(role="funder").count()


def test_searching_for_a_partner_keeps_the_lead_and_saves_nothing(client_as):
    hb = Organization.objects.get(slug="hb")
    before = Collaboration.objects.count()
    response = client_as("coordinator").post(
        url("collaborations:new"),
        {
            "title_sv": "Gemensam workshop om dagvatten",
            "form": CollaborationForm.objects.get(slug="workshop").pk,
            "status": "planned",
            "leads": [hb.pk],
            SEARCH: "partners",
            "partners_q": "chalmers",
        },
    )
    html = response.content.decode()
    assert checked(html, "leads") == {str(hb.pk)}
    assert str(Organization.objects.get(slug="chalmers").pk) in listed(html, "partners")
    assert response.context["form"].errors == {}
    assert Collaboration.objects.count() == before
