"""Personal calendar feeds: a secret address that lists exactly the account's activities, is
stored only as a hash, answers 404 once revoked, and can be revoked by its own account only."""

import hashlib

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.activities.feeds import (
    MAX_ACTIVE_FEEDS,
    create_feed,
    feed_for_secret,
    my_activities,
    revoke_feed,
)
from samverkan.activities.models import PersonalFeed
from samverkan.activities.services import (
    ActivityData,
    RegistrationData,
    activity_save,
    cancel_registration,
    register,
)
from samverkan.directory.models import Person

pytestmark = pytest.mark.django_db


def _url(secret: str) -> str:
    return reverse("activities:personal_feed", kwargs={"secret": secret})


def _uids(body: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def _uid(activity) -> str:
    return f"{activity.uid}@samverkan"


@pytest.fixture
def member(db) -> User:
    return User.objects.create_user("karin.ek@boras.example.se", "x", full_name="Karin Ek")


def test_the_database_keeps_only_the_hash_of_the_secret(member):
    feed, secret = create_feed(member)
    stored = PersonalFeed.objects.filter(pk=feed.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert feed_for_secret(secret) == feed


def test_a_revoked_secret_answers_404(member):
    feed, secret = create_feed(member)
    assert Client().get(_url(secret)).status_code == 200
    revoke_feed(member, feed)
    assert feed_for_secret(secret) is None
    assert Client().get(_url(secret)).status_code == 404


def test_an_unknown_secret_answers_404(member):
    create_feed(member)
    assert Client().get(_url("not-a-secret-of-ours")).status_code == 404


def test_the_feed_of_an_account_made_inactive_answers_404(member):
    _feed, secret = create_feed(member)
    member.is_active = False
    member.save()
    assert Client().get(_url(secret)).status_code == 404


def test_another_users_feed_cannot_be_revoked(member, demo_user):
    feed, secret = create_feed(member)
    other = demo_user("coordinator")
    with pytest.raises(PermissionDenied):
        revoke_feed(other, feed)
    client = Client()
    client.force_login(other)
    response = client.post(reverse("activities:revoke_feed", kwargs={"pk": feed.pk}))
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None
    assert Client().get(_url(secret)).status_code == 200


def test_the_feed_holds_exactly_the_accounts_activities(member, make_activity, demo_user):
    """Registered by account or by e-mail address, made by the account, or among its people;
    not a cancelled registration, not someone else's activity, not an internal one it may not
    see."""
    person = Person.objects.create(first_name="Karin", last_name="Ek", user=member)
    by_account = make_activity(title_sv="Anmäld med kontot")
    register(by_account, RegistrationData(name="Karin Ek", email="annan@example.se", user=member))
    by_email = make_activity(title_sv="Anmäld med e-postadressen")
    register(by_email, RegistrationData(name="Karin Ek", email="Karin.Ek@boras.example.se"))
    speaking = make_activity(title_sv="Talare", people=[person])
    cancelled = make_activity(title_sv="Avbokad anmälan")
    cancel_registration(register(cancelled, RegistrationData(name="K", email=member.email)))
    make_activity(title_sv="Någon annans")
    hidden = make_activity(title_sv="Internt", is_public=False, people=[person])
    coordinator = demo_user("coordinator")
    own = activity_save(
        coordinator,
        ActivityData(**{**_fields(by_account), "title_sv": "Planerad av mig"}),
    )
    _own_feed, own_secret = create_feed(coordinator)

    _feed, secret = create_feed(member)
    response = Client().get(_url(secret))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert _uids(response.content) == {_uid(a) for a in (by_account, by_email, speaking)}
    assert hidden not in my_activities(member)
    assert _uid(own) in _uids(Client().get(_url(own_secret)).content)
    assert _uid(cancelled) not in _uids(response.content)


def _fields(activity) -> dict:
    return {
        "title_sv": activity.title_sv,
        "kind": activity.kind,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "host": activity.host,
        "arena": activity.arena,
    }


def test_the_feed_answers_304_while_nothing_changed_and_records_its_use(member, make_activity):
    activity = make_activity()
    register(activity, RegistrationData(name="Karin Ek", email=member.email))
    feed, secret = create_feed(member)
    before = timezone.now()
    first = Client().get(_url(secret))
    again = Client().get(_url(secret), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    feed.refresh_from_db()
    assert feed.last_used_at >= before


def test_the_page_shows_the_address_once_and_lists_the_feeds(member):
    client = Client()
    client.force_login(member)
    page = reverse("activities:my_feeds")
    made = client.post(page)
    feed = PersonalFeed.objects.get(user=member)
    address = made.context["address"]
    assert made.status_code == 200
    assert address.endswith(".ics") and address in made.content.decode()
    secret = address.rsplit("/", 1)[-1].removesuffix(".ics")
    assert feed_for_secret(secret) == feed
    listed = client.get(page)
    assert address not in listed.content.decode()
    assert list(listed.context["feeds"]) == [feed]
    client.post(reverse("activities:revoke_feed", kwargs={"pk": feed.pk}))
    assert list(client.get(page).context["feeds"]) == []


def test_the_page_is_for_logged_in_accounts_only():
    response = Client().get(reverse("activities:my_feeds"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_account_has_at_most_a_few_active_feeds(member):
    for _ in range(MAX_ACTIVE_FEEDS):
        create_feed(member)
    client = Client()
    client.force_login(member)
    client.post(reverse("activities:my_feeds"))
    assert PersonalFeed.objects.filter(user=member).count() == MAX_ACTIVE_FEEDS
