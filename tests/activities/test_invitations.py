"""Invitations by e-mail: to directory people and outside addresses, once per address, each with
a signed link of its own that opens registration for that activity only."""

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samverkan.activities.models import Invitation, Registration, RegistrationMode
from samverkan.activities.services import (
    INVITATION_SALT,
    TOKEN_SALT,
    activity_cancel,
    activity_held,
    invitation_from_token,
    invitation_token,
    invite,
)
from samverkan.directory.models import Person


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"activities:{name}", kwargs=kwargs)


@pytest.fixture
def meeting(make_activity):
    """A network meeting by invitation of the University of Borås's arena."""
    return make_activity(
        title_sv="Nätverksträff Sjuhärad", registration=RegistrationMode.INVITATION
    )


def directory_people(count: int) -> list[Person]:
    return list(Person.objects.exclude(email="").order_by("pk")[:count])


def link_in(message: mail.EmailMessage) -> str:
    return next(line for line in message.body.splitlines() if line.startswith("http"))


def test_inviting_people_and_addresses_sends_one_email_each_with_its_own_link(
    meeting, demo_user, django_capture_on_commit_callbacks
):
    people = directory_people(2)
    emails = ["Extern@Example.se", "annan@example.se", "extern@example.se"]
    with django_capture_on_commit_callbacks(execute=True):
        result = invite(demo_user("coordinator"), meeting, people, emails)
    expected = {p.email.lower() for p in people} | {"extern@example.se", "annan@example.se"}
    assert (result.invited, result.already, result.without_email) == (len(expected), 0, [])
    assert {m.to[0] for m in mail.outbox} == expected
    links = {link_in(m) for m in mail.outbox}
    assert len(links) == len(expected)
    invitation = Invitation.objects.get(activity=meeting, email=people[0].email.lower())
    assert invitation.person == people[0] and invitation.invited_by == demo_user("coordinator")


def test_an_address_invited_before_is_skipped_and_counted(meeting, demo_user):
    coordinator = demo_user("coordinator")
    invite(coordinator, meeting, [], ["en@example.se"])
    mail.outbox.clear()
    result = invite(coordinator, meeting, [], ["EN@example.se", "tva@example.se"])
    assert (result.invited, result.already) == (1, 1)
    assert Invitation.objects.filter(activity=meeting).count() == 2


def test_a_person_without_an_email_address_is_named_not_invited(meeting, demo_user):
    # Everybody in the demo directory has an address; one without is never stored here.
    nameless = Person(first_name="Utan", last_name="Adress")
    (person,) = directory_people(1)
    result = invite(demo_user("coordinator"), meeting, [person, nameless], [])
    assert (result.invited, result.without_email) == (1, [nameless.full_name])


def test_a_wrong_address_invites_nobody(meeting, demo_user):
    with pytest.raises(ValidationError) as refused:
        invite(demo_user("coordinator"), meeting, [], ["ok@example.se", "inte en adress"])
    assert "emails" in refused.value.message_dict
    assert not Invitation.objects.filter(activity=meeting).exists()


def test_only_the_arenas_coordinators_invite(meeting, demo_user):
    with pytest.raises(PermissionDenied):
        invite(demo_user("arena_admin"), meeting, [], ["ok@example.se"])
    assert not Invitation.objects.filter(activity=meeting).exists()


def test_a_cancelled_activity_or_one_without_registration_takes_no_invitations(
    make_activity, demo_user
):
    closed = make_activity(registration=RegistrationMode.OFF)
    cancelled = make_activity()
    activity_cancel(None, cancelled)
    for activity in (closed, cancelled):
        with pytest.raises(ValidationError):
            invite(demo_user("coordinator"), activity, [], ["ok@example.se"])
    assert not Invitation.objects.filter(activity__in=[closed, cancelled]).exists()


def test_the_link_registers_the_invited_address_and_the_list_shows_it(
    client, client_as, meeting, demo_user, django_capture_on_commit_callbacks
):
    (person,) = directory_people(1)
    with django_capture_on_commit_callbacks(execute=True):
        invite(demo_user("coordinator"), meeting, [person], [])
    link = link_in(mail.outbox[-1])
    path = link[link.index("/", len("https://")) :]
    page = client.get(path)
    assert page.status_code == 200
    form = page.context["form"]
    assert (
        form["email"].value() == person.email.lower() and form["name"].value() == person.full_name
    )
    response = client.post(
        path,
        {"name": person.full_name, "email": "someone.else@example.se", "consent": "on"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(activity=meeting)
    # The address is the invitation's, whatever was posted: the link was sent to it.
    assert registration.email == person.email.lower() and registration.person == person
    listed = client_as("coordinator").get(url("invitations", pk=meeting.pk))
    assert [i.registered for i in listed.context["page"]] == [True]
    again = client.get(path)
    assert again.context["registered"] and "<form" not in again.content.decode().split("<main")[-1]


def test_an_activity_by_invitation_refuses_registration_without_a_link(client, meeting):
    response = client.post(
        url("register", pk=meeting.pk),
        {"name": "Utan länk", "email": "utan@example.se", "consent": "on"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(activity=meeting).exists()


def test_a_link_for_another_activity_or_a_changed_link_does_not_open(
    client, meeting, make_activity, demo_user
):
    other = make_activity(registration=RegistrationMode.INVITATION)
    invite(demo_user("coordinator"), meeting, [], ["gast@example.se"])
    invitation = Invitation.objects.get(activity=meeting)
    token = invitation_token(invitation)
    assert invitation_from_token(meeting, token) == invitation
    assert client.get(url("invitation", pk=meeting.pk, token=token)).status_code == 200
    assert client.get(url("invitation", pk=other.pk, token=token)).status_code == 404
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(url("invitation", pk=meeting.pk, token=tampered)).status_code == 404
    # A registration's link, signed with the registrations' salt, is no invitation.
    foreign = signing.dumps(
        {"invitation": invitation.pk, "activity": meeting.pk, "email": invitation.email},
        salt=TOKEN_SALT,
    )
    assert client.get(url("invitation", pk=meeting.pk, token=foreign)).status_code == 404
    # Signed, but naming the invitation with another address.
    crossed = signing.dumps(
        {"invitation": invitation.pk, "activity": meeting.pk, "email": "annan@example.se"},
        salt=INVITATION_SALT,
    )
    assert invitation_from_token(meeting, crossed) is None
    assert not Registration.objects.filter(activity=meeting).exists()


def test_inviting_on_the_page_reports_what_was_done(client_as, meeting):
    client = client_as("coordinator")
    people = directory_people(1)
    response = client.post(
        url("invitations", pk=meeting.pk),
        {"people": [people[0].pk], "emails": "ett@example.se\n\n  tva@example.se  \n"},
        follow=True,
    )
    assert response.status_code == 200
    assert Invitation.objects.filter(activity=meeting).count() == 3
    with translation.override("en"):
        again = client.post(
            url("invitations", pk=meeting.pk), {"emails": "ett@example.se"}, follow=True
        )
    text = again.content.decode()
    assert "0 invitations sent" in text and "1 address was invited before" in text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"emails": "ok@example.se\ninte-en-adress"}, "emails"),
        ({"emails": ""}, None),
    ],
)
def test_bad_invitations_are_refused_on_the_page(client_as, meeting, data, field):
    response = client_as("coordinator").post(url("invitations", pk=meeting.pk), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (field in errors) if field else errors.get("__all__")
    assert not Invitation.objects.filter(activity=meeting).exists()


def test_the_line_of_a_wrong_address_is_named(client_as, meeting):
    with translation.override("en"):
        response = client_as("coordinator").post(
            url("invitations", pk=meeting.pk), {"emails": "ok@example.se\ninte-en-adress"}
        )
    assert "Line 2" in str(response.context["form"].errors["emails"])


def test_a_held_activitys_invitation_link_says_registration_is_closed(client, meeting, demo_user):
    invite(demo_user("coordinator"), meeting, [], ["sen@example.se"])
    token = invitation_token(Invitation.objects.get(activity=meeting))
    activity_held(None, meeting)
    page = client.get(url("invitation", pk=meeting.pk, token=token))
    assert page.status_code == 200 and not page.context["open"]
    client.post(url("invitation", pk=meeting.pk, token=token), {"name": "Sen", "consent": "on"})
    assert not Registration.objects.filter(activity=meeting).exists()


def queries_for_invitations(client, activity) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("invitations", pk=activity.pk)).status_code == 200
    return len(queries)


def test_the_invitations_page_costs_the_same_queries_with_more_invitations(
    client_as, meeting, demo_user
):
    client = client_as("coordinator")
    invite(demo_user("coordinator"), meeting, directory_people(1), ["en@example.se"])
    few = queries_for_invitations(client, meeting)
    invite(
        demo_user("coordinator"),
        meeting,
        directory_people(10),
        [f"gast{n}@example.se" for n in range(15)],
    )
    assert queries_for_invitations(client, meeting) == few
