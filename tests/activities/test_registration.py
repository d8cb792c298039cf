"""Registration with a capacity and a waiting list, without an account, through the services
and the pages: the first in line gets a freed place and both are told."""

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from samverkan.activities.models import Registration, RegistrationStatus
from samverkan.activities.services import (
    TOKEN_SALT,
    RegistrationData,
    activity_cancel,
    cancel_registration,
    register,
    registration_from_token,
    registration_token,
)

PLACES = 10


def person(number: int) -> RegistrationData:
    return RegistrationData(name=f"Deltagare {number}", email=f"deltagare{number}@example.se")


def test_a_workshop_with_ten_places_and_eleven_registrations_has_one_waiting(
    make_activity, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=PLACES)
    with django_capture_on_commit_callbacks(execute=True):
        made = [register(activity, person(n)) for n in range(PLACES + 1)]
    assert [r.status for r in made].count(RegistrationStatus.CONFIRMED) == PLACES
    assert made[-1].status == RegistrationStatus.WAITING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(made[0])
    assert promoted == made[-1]
    promoted.refresh_from_db()
    assert promoted.status == RegistrationStatus.CONFIRMED
    assert {tuple(m.to) for m in mail.outbox} == {(made[0].email,), (made[-1].email,)}
    promoted_mail = next(m for m in mail.outbox if m.to == [made[-1].email])
    token = promoted_mail.body.rstrip("/\n").rsplit("/", 1)[-1]
    assert registration_from_token(token) == promoted


def test_cancelling_twice_promotes_only_once(make_activity):
    activity = make_activity(capacity=1)
    first, second, third = (register(activity, person(n)) for n in range(3))
    assert cancel_registration(first) == second
    assert cancel_registration(first) is None
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITING


def test_a_full_activity_without_a_waiting_list_refuses(make_activity):
    activity = make_activity(capacity=1, waiting_list=False)
    register(activity, person(1))
    with translation.override("en"), pytest.raises(ValidationError, match="All places are taken"):
        register(activity, person(2))
    assert Registration.objects.filter(activity=activity).count() == 1


def test_the_same_address_registers_once_whatever_its_case(make_activity):
    activity = make_activity()
    register(activity, person(1))
    with pytest.raises(ValidationError) as refused:
        register(activity, RegistrationData(name="Igen", email="DELTAGARE1@example.se"))
    assert "email" in refused.value.message_dict


def test_a_cancelled_activity_tells_everyone_registered_or_waiting(
    make_activity, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=1)
    register(activity, person(1))
    register(activity, person(2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = activity_cancel(None, activity)
    assert told == 2 and len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        register(activity, person(3))


def test_a_link_opens_its_own_registration_only(make_activity):
    activity = make_activity()
    mine, other = register(activity, person(1)), register(activity, person(2))
    token = registration_token(mine)
    assert registration_from_token(token) == mine
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert registration_from_token(tampered) is None
    # Signed, but naming another registration with this one's address: refused.
    crossed = signing.dumps({"registration": other.pk, "email": mine.email}, salt=TOKEN_SALT)
    assert registration_from_token(crossed) is None
    assert registration_from_token("nonsense") is None


def register_url(activity) -> str:
    with translation.override("en"):
        return reverse("activities:register", kwargs={"pk": activity.pk})


FORM = {"name": "Karin Ek", "email": "karin.ek@example.se", "consent": "on"}


def test_registering_on_the_page_without_an_account_and_cancelling_by_the_link(
    client, make_activity
):
    activity = make_activity(capacity=1)
    response = client.post(register_url(activity), FORM)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Karin Ek" in page.content.decode()
    client.post(response["Location"], {"cancel": "1"})
    assert Registration.objects.get(email="karin.ek@example.se").status == "cancelled"


def test_bad_registrations_are_refused_at_the_field_and_nothing_is_stored(client, make_activity):
    activity = make_activity()
    for data, field in (
        ({**FORM, "email": "inte-en-adress"}, "email"),
        ({**FORM, "consent": ""}, "consent"),
        ({**FORM, "website": "http://spam.example"}, "website"),
    ):
        response = client.post(register_url(activity), data)
        assert response.status_code == 400
        assert field in response.context["form"].errors
    assert not Registration.objects.filter(activity=activity).exists()


def test_the_activity_page_shows_places_left_and_then_the_waiting_list(client, make_activity):
    activity = make_activity(capacity=1)
    with translation.override("en"):
        page = client.get(activity.get_absolute_url()).content.decode()
    assert "1 place left" in page
    register(activity, person(1))
    with translation.override("en"):
        page = client.get(activity.get_absolute_url()).content.decode()
    assert "Fully booked" in page and "Join the waiting list" in page


def test_an_internal_activity_is_for_its_arenas_coordinators_only(client, client_as, make_activity):
    activity = make_activity(is_public=False, title_sv="Intern planering")
    with translation.override("sv"):
        address = activity.get_absolute_url()
    assert client.get(address).status_code == 404
    assert client_as("partner").get(address).status_code == 404
    assert client_as("coordinator").get(address).status_code == 200


def test_registration_mail_names_the_time_in_stockholm(
    make_activity, django_capture_on_commit_callbacks
):
    activity = make_activity()
    with django_capture_on_commit_callbacks(execute=True):
        register(activity, person(1))
    body = mail.outbox[-1].body
    assert "09.00\u201312.00" in body, body
