from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from samverkan.arenas.models import ArenaMembership
from samverkan.directory.duplicates import (
    duplicate_organizations,
    duplicate_people,
    likely_duplicates_of,
)
from samverkan.directory.merge import merge_organizations, merge_people
from samverkan.directory.models import (
    Affiliation,
    ContactAssignment,
    ContactRole,
    Organization,
    Person,
)

from .conftest import make_expert


def test_merge_people_keeps_everything_attached_to_both(university, demo_user):
    keep = make_expert(
        university, "Eva", "Lind", keywords=["skola"], goals=[4], forms=["guest-lecture"]
    )
    other = make_expert(
        university, "Eva", "Lind", keywords=["ledarskap"], goals=[5], forms=["workshop"]
    )
    other.email, other.orcid, other.external_id = "eva.lind@annan.example.se", "", "hr-77"
    other.save()
    keep.orcid = ""
    keep.save()
    second_org = Organization.objects.create(
        name_sv="Annat institut", slug="annat", kind="research_institute"
    )
    Affiliation.objects.create(person=other, organization=second_org, title_sv="Forskare")
    municipality_org = Organization.objects.get(municipality__code="1465")
    contact = ContactAssignment.objects.create(
        person=other,
        organization=university,
        counterpart=municipality_org,
        role=ContactRole.CONTACT,
    )
    account = demo_user("partner")
    other.user = account
    other.save()
    history_before = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk__in=[str(keep.pk), str(other.pk)],
    ).count()

    merged = Person.objects.get(pk=merge_people(keep, other).pk)

    assert not Person.objects.filter(pk=other.pk).exists()
    assert set(merged.affiliations.values_list("organization__slug", flat=True)) == {
        "testhogskolan",
        "annat",
    }
    contact.refresh_from_db()
    assert contact.person == merged
    assert merged.user == account
    assert merged.external_id == "hr-77"
    profile = merged.profile
    assert set(profile.keywords) == {"skola", "ledarskap"}
    assert set(profile.goals.values_list("number", flat=True)) == {4, 5}
    assert set(profile.forms.values_list("slug", flat=True)) == {"guest-lecture", "workshop"}
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(merged.pk)
    )
    assert history.count() > history_before  # both histories plus the merge itself
    assert any("merged" in (entry.changes_dict or {}) for entry in history)


def test_merge_organisations_moves_units_people_contacts_and_memberships(db, west_arena):
    keep = Organization.objects.get(slug="hv")
    other = Organization.objects.create(
        name_sv="Högskolan Väst",
        slug="hv-kopia",
        kind="university",
        organization_number="202100-4003",
    )
    unit = Organization.objects.create(
        name_sv="Ny enhet", slug="ny-enhet", kind="university", parent=other
    )
    person = Person.objects.create(first_name="Ola", last_name="Ny")
    Affiliation.objects.create(person=person, organization=other)
    borås = Organization.objects.get(municipality__code="1490")
    contact = ContactAssignment.objects.create(
        person=person, organization=other, counterpart=borås, role="contact"
    )
    ArenaMembership.objects.create(arena=west_arena, organization=other)  # keep is already a member

    assert any({p.first.pk, p.second.pk} == {keep.pk, other.pk} for p in duplicate_organizations())
    merge_organizations(keep, other)

    unit.refresh_from_db()
    contact.refresh_from_db()
    keep.refresh_from_db()
    assert unit.parent == keep and contact.organization == keep
    assert person.affiliations.get().organization == keep
    assert keep.organization_number == "202100-4003"
    assert ArenaMembership.objects.filter(arena=west_arena, organization=keep).count() == 1


def test_duplicate_people_are_detected(university):
    first = make_expert(university, "Fredrik", "Ström")
    second = Person.objects.create(first_name="fredrik", last_name="STRÖM")
    Affiliation.objects.create(person=second, organization=university)
    third = Person.objects.create(first_name="Someone", last_name="Else", email=first.email.upper())
    assert set(likely_duplicates_of(first)) == {second, third}
    with translation.override("en"):
        pairs = {(p.first.pk, p.second.pk, str(p.reason)) for p in duplicate_people()}
    assert (first.pk, second.pk, "same name at the same organisation") in pairs
    assert (first.pk, third.pk, "same e-mail address") in pairs


def test_merge_pages_are_for_coordinators(client_as, university):
    keep = make_expert(university, "Gun", "Åberg")
    other = make_expert(university, "Gun", "Aberg")
    with translation.override("sv"):
        listing = reverse("directory:duplicates")
        merge = reverse("directory:merge", kwargs={"kind": "people"})
    assert client_as("partner").get(listing).status_code == 403
    assert client_as(None).post(merge, {"keep": keep.pk, "other": other.pk}).status_code == 302
    assert Person.objects.filter(pk=other.pk).exists()
    coordinator = client_as("coordinator")
    assert coordinator.get(listing).status_code == 200
    assert coordinator.get(merge, {"keep": keep.pk, "other": other.pk}).status_code == 200
    assert coordinator.post(merge, {"keep": keep.pk, "other": other.pk}).status_code == 302
    assert not Person.objects.filter(pk=other.pk).exists()
    assert coordinator.get(merge, {"keep": keep.pk, "other": keep.pk}).status_code == 404


def test_creating_a_person_in_the_admin_warns_about_a_likely_duplicate(client_as, db):
    existing = Person.objects.get(external_id="demo:p-029")
    organization = existing.affiliations.first().organization
    client = client_as("system_admin")
    response = client.post(
        "/en/admin/directory/person/add/",
        {
            "first_name": existing.first_name,
            "last_name": existing.last_name.upper(),
            "email": "",
            "phone": "",
            "orcid": "",
            "website": "",
            "external_id": "",
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-INITIAL_FORMS": "0",
            "affiliations-0-organization": organization.pk,
            "affiliations-0-title_sv": "",
            "affiliations-0-title_en": "",
            "affiliations-0-is_primary": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"]]
    assert any("may be the same person as" in w and existing.full_name in w for w in warnings)
