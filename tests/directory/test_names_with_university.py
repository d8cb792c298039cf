"""People and organisations read right: a unit is never shown without its university (or
municipality) in search and suggestion subtitles, offering lists and a person's page, and the
profile form speaks to its owner of their own consent."""

from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import Offering
from samverkan.catalogue.search_sources import offering_sources
from samverkan.directory.models import Affiliation, ExpertProfile, Organization
from samverkan.directory.search_sources import expert_sources


def test_a_unit_two_levels_down_is_named_with_its_university(db):
    unit = Organization.objects.filter(parent__parent__isnull=False).first()
    university = unit.parent.parent
    assert unit.top == university and university.top == university
    assert unit.name_with_top == f"{unit.name}, {university.name}"
    assert university.name_with_top == university.name


def test_an_experts_subtitle_names_the_university_not_only_the_department(db):
    affiliation = Affiliation.objects.filter(
        organization__parent__parent__isnull=False, person__profile__isnull=False
    ).first()
    profiles = ExpertProfile.objects.filter(person=affiliation.person)
    (source,) = expert_sources(profiles)
    assert source.subtitle.endswith(affiliation.organization.top.name)


def test_an_offering_from_a_unit_is_listed_with_its_university(client, db):
    offering = Offering.objects.public().filter(organization__parent__isnull=False).first()
    (source,) = offering_sources(Offering.objects.filter(pk=offering.pk))
    assert source.subtitle == offering.organization.name_with_top
    with translation.override("sv"):
        page = client.get(offering.form.get_absolute_url()).content.decode()
        listing = client.get("/sv/erbjudanden/", {"form": offering.form.slug}).content.decode()
    named = offering.organization.name_with_top
    assert named in page or named in listing


def test_a_persons_page_names_the_university_of_their_department(client_as, db):
    affiliation = Affiliation.objects.filter(organization__parent__parent__isnull=False).first()
    with translation.override("sv"):
        page = client_as("coordinator").get(affiliation.person.get_absolute_url())
    assert affiliation.organization.top.name in page.content.decode()


def test_the_profile_form_speaks_of_your_consent_to_the_person_and_of_theirs_to_others(
    client_as, demo_user
):
    person = demo_user("expert").person
    with translation.override("en"):
        edit = reverse("directory:profile_edit", kwargs={"pk": person.pk})
        own = client_as("expert").get(edit).content.decode()
        other = client_as("coordinator").get(edit).content.decode()
    assert "Everyone (needs your consent)" in own
    assert "the person&#x27;s consent" not in own and "the person's consent" not in own
    assert "the person" in other and "your consent" not in other
