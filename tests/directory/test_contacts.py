import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm, Offering, OfferingStatus
from samverkan.directory.contacts import ContactSource, contacts_for_municipality
from samverkan.directory.involvement import active_universities
from samverkan.directory.models import (
    ContactAssignment,
    ContactRole,
    Organization,
    OrganizationKind,
)
from samverkan.directory.services import assign_contact, assign_contact_in_bulk, end_assignment
from samverkan.places.models import MunicipalAssociation, Municipality


def sources(code: str) -> dict[str, ContactSource]:
    contacts = contacts_for_municipality(Municipality.objects.get(code=code))
    return {entry.university.slug: entry.source for entry in contacts.universities}


def test_svenljunga_has_a_named_contact_at_the_university_of_boras(db):
    contacts = contacts_for_municipality(Municipality.objects.get(code="1465"))
    entry = next(e for e in contacts.universities if e.university.slug == "hb")
    assert entry.source == ContactSource.DIRECT
    assert entry.assignments[0].person.email.endswith("@hb.example.se")


def test_every_fallback_is_exercised_by_the_demo(db):
    assert sources("1465")["hb"] == ContactSource.DIRECT
    # Göteborgsregionen: GU has a contact for the association, Chalmers only its office.
    assert sources("1440")["gu"] == ContactSource.ASSOCIATION
    assert sources("1440")["chalmers"] == ContactSource.OFFICE
    # Outside every arena and association: the universities of the county, general details.
    stockholm = sources("0180")
    assert stockholm and set(stockholm.values()) == {ContactSource.GENERAL}
    assert "kth" in stockholm


def test_a_county_without_a_university_gets_the_nearest_ones(db):
    gotland = sources("0980")
    assert len(gotland) == 2
    assert all(source == ContactSource.GENERAL for source in gotland.values())


def test_every_municipality_gets_an_answer(db):
    for municipality in Municipality.objects.all():
        assert contacts_for_municipality(municipality).universities, municipality


def test_direct_contact_wins_over_association_and_ended_ones_disappear(db):
    ale = Municipality.objects.get(code="1440")
    gu_person = ContactAssignment.objects.filter(organization__slug="gu").first().person
    assignment = assign_contact(gu_person, ale, ContactRole.CONTACT)
    assert sources("1440")["gu"] == ContactSource.DIRECT
    end_assignment(assignment)
    from datetime import timedelta

    from django.utils import timezone

    assignment.end_date = timezone.localdate() - timedelta(days=1)
    assignment.save()
    assert sources("1440")["gu"] == ContactSource.ASSOCIATION


def test_the_municipalitys_own_coordinator(db):
    contacts = contacts_for_municipality(Municipality.objects.get(code="1490"))
    assert [a.role for a in contacts.coordinators] == [ContactRole.UNIVERSITY_COORDINATOR]
    assert contacts.coordinators[0].person.full_name == "Reza Moradi"


def test_a_university_coordinator_must_work_for_the_municipality(db):
    from django.core.exceptions import ValidationError

    hb_person = ContactAssignment.objects.filter(organization__slug="hb").first().person
    with pytest.raises(ValidationError):
        assign_contact(hb_person, Municipality.objects.get(code="1465"), "university_coordinator")


def test_bulk_assignment_covers_an_association_and_skips_existing(db):
    gu_person = ContactAssignment.objects.filter(organization__slug="gu").first().person
    skaraborg = list(MunicipalAssociation.objects.get(slug="skaraborg").members.all())
    assigned, skipped = assign_contact_in_bulk(gu_person, skaraborg)
    assert (assigned, skipped) == (15, 0)
    assert assign_contact_in_bulk(gu_person, skaraborg) == (0, 15)
    # Municipal organisations are created on demand.
    assert Organization.objects.filter(municipality__in=skaraborg).count() == 15


def test_municipality_page_shows_contacts_in_both_languages(client, db):
    for lang, heading, fallback in [
        ("sv", "Era kontakter", "samverkanskontor"),
        ("en", "Your contacts", "collaboration office"),
    ]:
        with translation.override(lang):
            url = reverse("site:municipality", kwargs={"code": "1465"})
            html = client.get(url).content.decode()
            assert heading in html
            assert "@hb.example.se" in html
            ale = client.get(reverse("site:municipality", kwargs={"code": "1440"})).content
            assert fallback in ale.decode()


def test_contact_queries_do_not_grow(client, db, django_assert_max_num_queries):
    page = reverse("site:municipality", kwargs={"code": "1490"})
    client.get(page)
    # 28: the timeline section costs one query (its latest entries, every kind in one UNION).
    with django_assert_max_num_queries(28) as context:
        client.get(page)
    before = len(context.captured_queries)
    hb_people = [a.person for a in ContactAssignment.objects.filter(organization__slug="hb")]
    boras = Municipality.objects.get(code="1490")
    for person in hb_people:
        assign_contact(person, boras, ContactRole.CONTACT)
    with django_assert_max_num_queries(before):
        client.get(page)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("partner", 403), ("expert", 403), ("coordinator", 200), ("system_admin", 200)],
)
def test_only_coordinators_designate_contacts(client_as, role, status):
    with translation.override("sv"):
        url = reverse("directory:contact_assign", kwargs={"code": "1465"})
        bulk = reverse("directory:contact_bulk")
    client = client_as(role)
    assert client.get(url).status_code == status
    assert client.get(bulk).status_code == status


def test_coordinator_designates_and_ends_a_contact_through_the_pages(client_as):
    client = client_as("coordinator")
    gu_person = ContactAssignment.objects.filter(organization__slug="gu").first().person
    with translation.override("sv"):
        url = reverse("directory:contact_assign", kwargs={"code": "1440"})
    response = client.post(url, {"person": gu_person.pk, "role": "contact"})
    assert response.status_code == 302
    assignment = ContactAssignment.objects.get(
        person=gu_person, counterpart__municipality__code="1440"
    )
    with translation.override("sv"):
        end = reverse("directory:contact_end", kwargs={"pk": assignment.pk})
    assert client_as("partner").post(end).status_code == 403
    assert client.post(end, {"next": "/sv/kommuner/1440/"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date is not None


def test_bad_designation_is_reported_at_the_field(client_as):
    client = client_as("coordinator")
    with translation.override("sv"):
        url = reverse("directory:contact_assign", kwargs={"code": "1465"})
    response = client.post(
        url, {"person": "", "role": "contact", "start_date": "2027-01-01", "end_date": "2026-01-01"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"person", "end_date"}


def test_bulk_form_through_the_page(client_as):
    client = client_as("coordinator")
    gu_person = ContactAssignment.objects.filter(organization__slug="gu").first().person
    skaraborg = MunicipalAssociation.objects.get(slug="skaraborg")
    with translation.override("sv"):
        url = reverse("directory:contact_bulk")
    assert client.post(url, {"person": gu_person.pk}).status_code == 200  # neither area chosen
    response = client.post(url, {"person": gu_person.pk, "association": skaraborg.pk})
    assert response.status_code == 302
    assert (
        ContactAssignment.objects.filter(
            person=gu_person, counterpart__municipality__associations=skaraborg
        ).count()
        == 15
    )


TRANEMO_UNIVERSITIES = {"hb", "chalmers", "ju"}


def test_tranemo_gets_a_contact_at_every_university_that_works_with_it(db):
    """Borås through the arena and a designated contact, Jönköping University through their
    collaborations, Chalmers through its open offerings in the county: each with the first of
    the fallbacks that exists, labelled."""
    tranemo = Municipality.objects.get(code="1452")
    contacts = contacts_for_municipality(
        tranemo, active_universities(tranemo, tranemo.organization)
    )
    shown = {entry.university.slug: entry for entry in contacts.universities}
    assert set(shown) >= TRANEMO_UNIVERSITIES
    assert shown["hb"].source == ContactSource.DIRECT
    for slug in TRANEMO_UNIVERSITIES:
        entry = shown[slug]
        assert entry.assignments or entry.office or entry.university.website, slug
    # Every other university is listed once, with a way to reach it.
    others = {entry.university.slug for entry in contacts.other_universities}
    assert not others & set(shown)
    assert (
        len(others) + len(shown)
        == Organization.objects.filter(kind="university", parent__isnull=True).count()
    )
    assert all(
        e.source in {ContactSource.OFFICE, ContactSource.GENERAL}
        for e in contacts.other_universities
    )


def test_active_universities_come_from_collaborations_and_offerings_in_the_county(db):
    tranemo = Municipality.objects.get(code="1452")
    active = set(
        Organization.objects.filter(
            pk__in=active_universities(tranemo, tranemo.organization)
        ).values_list("slug", flat=True)
    )
    assert {"ju", "gu"} <= active  # collaborations with Tranemo
    assert "chalmers" in active  # open offerings, seated in Västra Götaland
    assert "kth" not in active
    # Without an organisation of its own only the county's offerings count.
    stockholm = Municipality.objects.get(code="0180")
    assert "ju" not in active_universities(stockholm, None)


@pytest.mark.parametrize(
    ("lang", "label"),
    [("sv", "Lärosätets samverkanskontor"), ("en", "The university's collaboration office")],
)
def test_tranemos_page_names_a_contact_at_boras_chalmers_and_ju(client, db, lang, label):
    with translation.override(lang):
        url = reverse("site:municipality", kwargs={"code": "1452"})
    html = client.get(url).content.decode()
    for slug in TRANEMO_UNIVERSITIES:
        university = Organization.objects.get(slug=slug)
        card = html[html.index(f'id="uni-{university.pk}"') :].split("</article>", 1)[0]
        assert (university.name_sv if lang == "sv" else university.name_en) in card
        assert 'class="contact-source"' in card
        assert "mailto:" in card, slug
    assert "@hb.example.se" in html
    assert "samverkan@chalmers.example.se" in html and "samverkan@ju.example.se" in html
    assert 'class="county-group other-universities"' in html
    assert "Kungl. Tekniska högskolan" in html or "KTH Royal Institute of Technology" in html
    api = client.get("/api/v1/municipalities/1452/contacts", HTTP_ACCEPT_LANGUAGE=lang).json()
    by_id = {u["university_id"]: u for u in api["universities"]}
    for slug in TRANEMO_UNIVERSITIES:
        entry = by_id[Organization.objects.get(slug=slug).pk]
        assert entry["source"] in {"direct", "association", "office", "general"}
        assert entry["contacts"] or entry["office_email"] or entry["website"], slug
    assert by_id[Organization.objects.get(slug="chalmers").pk]["shown_because"] == label


def test_page_and_api_show_the_same_universities(client, db):
    for code in ("1452", "1490", "1440", "0180", "0980"):
        with translation.override("en"):
            response = client.get(reverse("site:municipality", kwargs={"code": code}))
        page = [e.university.pk for e in response.context["contacts"].universities]
        api = client.get(f"/api/v1/municipalities/{code}/contacts").json()
        assert {u["university_id"] for u in api["universities"]} == set(page), code


def test_every_municipality_gets_an_answer_from_the_api(client, db):
    total = Organization.objects.filter(kind="university", parent__isnull=True).count()
    for code in Municipality.objects.values_list("code", flat=True):
        body = client.get(f"/api/v1/municipalities/{code}/contacts").json()
        assert body["universities"], code
        assert len(body["universities"]) + len(body["other_universities"]) == total, code


def test_page_queries_do_not_grow_with_the_universities(client, db, django_assert_max_num_queries):
    page = reverse("site:municipality", kwargs={"code": "1452"})
    client.get(page)
    # 28: the timeline section costs one query (its latest entries, every kind in one UNION).
    with django_assert_max_num_queries(28) as context:
        client.get(page)
    before = len(context.captured_queries)
    tranemo = Municipality.objects.get(code="1452")
    form = CollaborationForm.objects.first()
    for number in range(5):
        university = Organization.objects.create(
            name_sv=f"Testhögskolan {number}",
            slug=f"testhogskolan-{number}",
            kind=OrganizationKind.UNIVERSITY,
            seat=tranemo,
        )
        Organization.objects.create(
            name_sv="Samverkanskontoret",
            slug=f"testhogskolan-{number}-samverkan",
            kind=OrganizationKind.UNIVERSITY,
            parent=university,
            is_collaboration_office=True,
            email=f"samverkan@test{number}.example.se",
        )
        Offering.objects.create(
            title_sv="Uppdragsutbildning",
            description_sv="<p>Kurs</p>",
            form=form,
            organization=university,
            status=OfferingStatus.OPEN,
        )
    with django_assert_max_num_queries(before):
        response = client.get(page)
    assert "samverkan@test4.example.se" in response.content.decode()
