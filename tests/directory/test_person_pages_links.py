"""Where a page names a person (the people of a collaboration, an offering's contact), the name
leads to the person's page only when the reader may open it."""

from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.collaborations.models import Collaboration, Review, Status
from samverkan.directory.models import Person


def en(name: str, **kwargs: object) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def link(person: Person) -> str:
    return f'<a href="{en("directory:person", pk=person.pk)}">{person.full_name}</a>'


def test_a_collaboration_names_only_the_people_the_reader_may_see_and_counts_the_others(
    client, client_as, experts
):
    public, hidden = experts["public"], experts["no_consent"]
    collaboration = Collaboration.objects.create(
        title_sv="Personalomsättning i hemtjänsten",
        form=CollaborationForm.objects.order_by("position").first(),
        status=Status.ONGOING,
        review=Review.APPROVED,
    )
    collaboration.people.add(public, hidden)
    address = en("collaborations:detail", pk=collaboration.pk)
    visitor = client.get(address).content.decode()
    assert link(public) in visitor
    assert hidden.full_name not in visitor
    assert "1 more person who is not named publicly" in visitor
    member = client_as("partner").get(address).content.decode()
    assert link(hidden) in member and "not named publicly" not in member


def test_an_offerings_contact_links_to_their_page_only_when_the_reader_may_open_it(
    client, client_as, experts
):
    offering = next(o for o in Offering.objects.public() if o.contact_id)
    hidden = experts["no_consent"]
    Offering.objects.filter(pk=offering.pk).update(contact=hidden)
    address = en("catalogue:offering", pk=offering.pk)
    visitor = client.get(address).content.decode()
    assert hidden.full_name in visitor and link(hidden) not in visitor
    assert link(hidden) in client_as("partner").get(address).content.decode()
