"""A municipality's and an organisation's timeline through their pages: Tranemo's history in
the demo, who sees what, the filters, and a query count that does not grow with the history."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.activities.models import Activity, ActivityKind
from samverkan.activities.services import ActivityData, activity_save
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import PartyRole, Status
from samverkan.collaborations.selectors import visible_collaborations
from samverkan.collaborations.services import CollaborationData, collaboration_register
from samverkan.directory.models import ContactAssignment, ContactRole, Organization
from samverkan.directory.services import assign_contact, end_assignment, municipality_organization
from samverkan.directory.visibility import visible_people
from samverkan.needs.permissions import visible_needs
from samverkan.needs.services import need_create, need_submit
from samverkan.places.models import Municipality

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TRANEMO = "1452"


def timeline_of(client, code: str = TRANEMO, **params):
    response = client.get(reverse("site:municipality_timeline", kwargs={"code": code}), params)
    assert response.status_code == 200
    return response


def entries(response) -> list:
    return list(response.context["page"].object_list)


def titles(response) -> set[str]:
    return {entry.title for entry in entries(response)}


def an_activity(organization: Organization, day: date, **fields) -> Activity:
    starts = datetime(day.year, day.month, day.day, 9, tzinfo=STOCKHOLM)
    return activity_save(
        None,
        ActivityData(
            title_sv=fields.pop("title_sv", f"Workshop {day:%Y-%m-%d}"),
            kind=ActivityKind.objects.get(slug="workshop", arena=None),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            host=fields.pop("host", None) or Organization.objects.get(slug="hb"),
            arena=Arena.objects.get(slug="hb-kommunsamverkan"),
            organizations=[organization],
            **fields,
        ),
    )


def a_collaboration(organization: Organization, day: date) -> None:
    collaboration_register(
        None,
        CollaborationData(
            title_sv=f"Studentprojekt {day:%Y-%m-%d}",
            form=CollaborationForm.objects.first(),
            status=Status.ONGOING,
            parties=[
                (Organization.objects.get(slug="hb"), PartyRole.LEAD),
                (organization, PartyRole.PARTNER),
            ],
            starts_on=day,
        ),
    )


def a_need(user, municipality: Municipality, title: str, **answers) -> None:
    need = need_create(
        user,
        arena=Arena.objects.get(slug="hb-kommunsamverkan"),
        title=title,
        text="Vi behöver hjälp att planera kollektivtrafiken för dem som pendlar till jobbet.",
        organization_name=municipality.organization_name,
        municipality=municipality,
        contact_name="Karin Ek",
        contact_email="karin.ek@example.se",
        forms=CollaborationForm.objects.filter(slug="commissioned-education"),
        consent=True,
        **answers,
    )
    need_submit(need, user)


def test_tranemos_timeline_shows_its_visit_needs_and_collaborations_newest_first(client, db):
    response = timeline_of(client)
    shown = entries(response)
    days = [entry.date for entry in shown]
    assert days == sorted(days, reverse=True)
    visit = [entry for entry in shown if entry.title == "Kommunbesök i Tranemo"]
    assert [entry.date for entry in visit] == [date(2026, 6, 3)]
    tranemo = Organization.objects.get(municipality__code=TRANEMO)
    needs = visible_needs(AnonymousUser()).filter(municipality=tranemo.municipality)
    assert needs.exists()
    assert {need.title for need in needs} <= titles(response)
    collaborations = visible_collaborations(AnonymousUser()).filter(parties__organization=tranemo)
    assert collaborations.exists()
    assert {c.title_sv for c in collaborations} <= titles(response)
    assert response.context["page"].paginator.count == len(shown)


def test_the_municipality_page_shows_the_latest_five_and_links_to_the_whole_timeline(client, db):
    full = entries(timeline_of(client))
    response = client.get(reverse("site:municipality", kwargs={"code": TRANEMO}))
    assert [entry.title for entry in response.context["timeline"]] == [
        entry.title for entry in full[:5]
    ]
    link = reverse("site:municipality_timeline", kwargs={"code": TRANEMO})
    assert f'href="{link}"' in response.content.decode()


def test_the_organisation_page_shows_its_timeline_and_links_to_the_whole_one(client, db):
    response = client.get(reverse("directory:organization", kwargs={"slug": "kommun-tranemo"}))
    latest = response.context["timeline"]
    assert 0 < len(latest) <= 5
    link = reverse("directory:organization_timeline", kwargs={"slug": "kommun-tranemo"})
    html = response.content.decode()
    assert f'href="{link}"' in html and latest[0].title in html
    whole = client.get(link)
    assert [e.title for e in entries(whole)][:5] == [e.title for e in latest]


def test_a_universitys_timeline_includes_what_its_units_host(client, db):
    hb = Organization.objects.get(slug="hb")
    unit = hb.units.first()
    activity = an_activity(
        Organization.objects.get(municipality__code=TRANEMO),
        timezone.localdate() + timedelta(days=400),
        title_sv="Seminarium på institutionen",
        host=unit,
    )
    response = client.get(
        reverse("directory:organization_timeline", kwargs={"slug": "hb"}), {"kind": "activity"}
    )
    assert entries(response)[0].title == activity.title_sv


@pytest.mark.parametrize(
    ("role", "sees_hidden"),
    [(None, False), ("partner", False), ("arena_admin", False), ("coordinator", True)],
)
def test_internal_activities_and_unpublished_needs_only_for_the_arenas_coordinators(
    client_as, demo_user, role, sees_hidden
):
    """The arena admin coordinates the West Swedish arena, not the one Tranemo's needs and the
    internal meeting belong to; a partner user works for another organisation."""
    tranemo = Municipality.objects.get(code=TRANEMO)
    an_activity(
        tranemo.organization, date(2026, 9, 1), title_sv="Internt planeringsmöte", is_public=False
    )
    unpublished = {
        need.title
        for need in visible_needs(demo_user("coordinator")).filter(
            municipality=tranemo, is_public=False
        )
    }
    assert unpublished, "the demo has needs from Tranemo that are not published"
    shown = titles(timeline_of(client_as(role)))
    assert ("Internt planeringsmöte" in shown) is sees_hidden
    assert (unpublished <= shown) is sees_hidden
    assert bool(unpublished & shown) is sees_hidden


def test_a_contact_the_directory_no_longer_shows_visitors_is_left_out_for_them(client_as, db):
    """A person who is a contact no more, without a public profile, is hidden from visitors,
    so the entries of their designation are too; a coordinator sees the start and the end."""
    tranemo = Municipality.objects.get(code=TRANEMO)
    assignment = ContactAssignment.objects.filter(counterpart__municipality=tranemo).first()
    person = assignment.person
    for each in ContactAssignment.objects.filter(person=person):
        end_assignment(each, timezone.localdate() - timedelta(days=1))
    assert not visible_people(AnonymousUser()).filter(pk=person.pk).exists()
    assert person.full_name not in titles(timeline_of(client_as(None), kind="contact"))
    coordinator = entries(timeline_of(client_as("coordinator"), kind="contact"))
    labels = sorted(entry.label for entry in coordinator if entry.title == person.full_name)
    with translation.override("sv"):
        expected = sorted(map(str, [_("Ended as contact person"), _("New contact person")]))
    assert labels == expected


def test_filters_keep_only_the_chosen_kinds_and_year(client, db):
    every = entries(timeline_of(client))
    needs_2026 = entries(timeline_of(client, kind="need", year="2026"))
    assert needs_2026 == [e for e in every if e.kind == "need" and e.date.year == 2026]
    two = entries(timeline_of(client, kind=["activity", "collaboration"]))
    assert two == [e for e in every if e.kind in ("activity", "collaboration")]


def test_an_unknown_year_is_a_message_at_the_field_and_filters_nothing(client, db):
    response = timeline_of(client, year="1850")
    assert response.context["form"].errors["year"]
    assert entries(response) == entries(timeline_of(client))


def test_a_municipality_without_an_organisation_has_an_empty_timeline(client, db):
    code = Municipality.objects.filter(organization__isnull=True).values_list("code", flat=True)[0]
    response = timeline_of(client, code)
    assert entries(response) == []
    assert (
        client.get(reverse("site:municipality_timeline", kwargs={"code": "9999"})).status_code
        == 404
    )


def test_pages_keep_the_filters_in_their_links(client, db):
    municipality = Municipality.objects.filter(organization__isnull=True).first()
    organization = municipality_organization(municipality)
    for days in range(25):
        an_activity(organization, date(2026, 1, 1) + timedelta(days=days))
    response = timeline_of(client, municipality.code, kind="activity")
    page = response.context["page"]
    assert page.paginator.count == 25 and len(page.object_list) == 20
    assert "?kind=activity&amp;page=2" in response.content.decode()
    second = entries(timeline_of(client, municipality.code, kind="activity", page="2"))
    assert [e.date for e in second] == [
        date(2026, 1, 1) + timedelta(days=d) for d in range(4, -1, -1)
    ]


def queries(client, address: str) -> int:
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_history(
    organization: Organization, municipality: Municipality, partner, start: date, **counts: int
) -> None:
    """Activities, collaborations, ended contacts (two entries each) and needs, on days
    before ``start``, through each domain's services."""
    for days in range(counts["activities"]):
        an_activity(organization, start - timedelta(days=days))
    for days in range(counts["collaborations"]):
        a_collaboration(organization, start - timedelta(days=100 + days))
    person = ContactAssignment.objects.filter(organization__slug="hb").first().person
    for days in range(counts["contacts"]):
        made = assign_contact(
            person, municipality, ContactRole.CONTACT, start - timedelta(days=300 + days)
        )
        end_assignment(made, start - timedelta(days=200 + days))
    for number in range(counts["needs"]):
        a_need(partner, municipality, f"Pendling till jobbet {start:%Y%m%d}-{number}")


def test_the_pages_cost_the_same_queries_for_5_and_for_50_entries(client_as, demo_user, db):
    """Every kind is there from the start, so the other sections of the pages are not empty in
    one count and full in the other."""
    municipality = Municipality.objects.filter(organization__isnull=True).first()
    organization = municipality_organization(municipality)
    partner = demo_user("partner")
    add_history(
        organization,
        municipality,
        partner,
        date(2026, 6, 1),
        activities=1,
        collaborations=1,
        contacts=1,
        needs=1,
    )
    client = client_as("coordinator")
    pages = [
        reverse("site:municipality_timeline", kwargs={"code": municipality.code}),
        reverse("directory:organization_timeline", kwargs={"slug": organization.slug}),
        reverse("site:municipality", kwargs={"code": municipality.code}),
        reverse("directory:organization", kwargs={"slug": organization.slug}),
    ]
    assert client.get(pages[0]).context["page"].paginator.count == 5
    before = {page: queries(client, page) for page in pages}

    add_history(
        organization,
        municipality,
        partner,
        date(2025, 6, 1),
        activities=21,
        collaborations=11,
        contacts=4,
        needs=5,
    )
    a_need(AnonymousUser(), municipality, "Ett behov som väntar på bekräftelse")
    assert client.get(pages[0]).context["page"].paginator.count == 50
    assert {page: queries(client, page) for page in pages} == before
