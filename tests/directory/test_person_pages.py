"""A person's page shows only the sections that have something in them: no empty headings,
lists or contact cards for a person without profile, affiliations, collaborations or contact
assignments."""

from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration, Review, Status
from samverkan.directory.models import ExpertProfile, Person, Visibility

HEADINGS = {
    "affiliations": 'class="affiliations"',
    "contact card": 'id="reach-heading"',
    "contacts": 'id="contact-roles"',
    "expertise": 'id="expertise-heading"',
    "collaborations": 'id="collaborations-heading"',
}


def page(client, person: Person) -> str:
    with translation.override("en"):
        url = reverse("directory:person", kwargs={"pk": person.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def collaboration(
    person: Person, review: str = Review.APPROVED, title: str = "Äldreomsorg"
) -> None:
    found = Collaboration.objects.create(
        title_sv=title,
        form=CollaborationForm.objects.order_by("position").first(),
        status=Status.ONGOING,
        review=review,
    )
    found.people.add(person)


def test_a_person_with_nothing_but_a_name_has_no_empty_sections(client_as, db):
    person = Person.objects.create(first_name="Nora", last_name="Namn")
    body = page(client_as("partner"), person)
    assert "Nora Namn" in body
    assert [name for name, marker in HEADINGS.items() if marker in body] == []


def test_a_person_without_collaborations_has_no_collaborations_heading(client_as, experts):
    body = page(client_as("partner"), experts["public"])
    assert HEADINGS["expertise"] in body, "the profile is shown"
    assert HEADINGS["collaborations"] not in body


def test_a_person_page_lists_the_collaborations_the_reader_may_see(client, client_as, experts):
    person = experts["public"]
    collaboration(person, title="Personalomsättning i hemtjänsten")
    collaboration(person, review=Review.PROPOSED, title="Ett förslag som väntar")
    visitor = page(client, person)
    assert HEADINGS["collaborations"] in visitor
    assert "Personalomsättning i hemtjänsten" in visitor
    assert "Ett förslag som väntar" not in visitor
    assert "Ett förslag som väntar" in page(client_as("coordinator"), person)


def test_a_profile_without_expertise_or_keywords_has_no_expertise_heading(client_as, db):
    person = Person.objects.create(first_name="Tove", last_name="Tom", email="tove@example.se")
    ExpertProfile.objects.create(person=person, visibility=Visibility.MEMBERS)
    body = page(client_as("partner"), person)
    assert HEADINGS["contact card"] in body, "the e-mail address is shown"
    assert HEADINGS["expertise"] not in body


def test_the_person_page_takes_the_same_queries_with_more_collaborations(
    client_as, experts, django_assert_max_num_queries
):
    person = experts["public"]
    client = client_as("partner")
    collaboration(person)
    page(client, person)  # the session and the caches are warm
    with django_assert_max_num_queries(40) as few:
        page(client, person)
    for number in range(5):
        collaboration(person, title=f"Samverkan {number}")
    with django_assert_max_num_queries(len(few)):
        page(client, person)
