"""The signed links in e-mails: answer links for the person asked, while the question stands;
follow links that expire; confirmation links that do not carry the e-mail address."""

import base64
import time

import pytest
from django.core import signing

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import ExpertProfile
from samverkan.needs import services
from samverkan.needs.models import Decision, NeedMatch, Response, Status


@pytest.fixture
def asked(make_need, demo_user) -> NeedMatch:
    """The demo expert, accepted for a need and contacted."""
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    found = services.add_expert(need, profile, coordinator)
    services.contact(found, coordinator)
    return found


def answer(client, token: str):
    return client.post(f"/sv/behov/svara/{token}/", {"response": "interested"})


def assert_unanswered(found: NeedMatch) -> None:
    found.refresh_from_db()
    assert found.response == "" and found.responded_at is None


def test_an_answer_link_stops_working_when_the_suggestion_is_rejected(client, asked, demo_user):
    token = services.answer_token(asked)
    services.decide(asked, Decision.REJECTED, demo_user("coordinator"))
    page = client.get(f"/sv/behov/svara/{token}/")
    assert page.status_code == 410
    assert "gäller inte längre" in page.content.decode()
    assert answer(client, token).status_code == 410
    assert_unanswered(asked)


@pytest.mark.parametrize("closing", ["collaboration", "without"])
def test_an_answer_link_stops_working_when_the_need_is_closed(client, asked, demo_user, closing):
    token = services.answer_token(asked)
    coordinator = demo_user("coordinator")
    if closing == "collaboration":
        form = CollaborationForm.objects.get(slug="commissioned-education")
        services.close_as_collaboration(asked.need, coordinator, form)
    else:
        services.close_without_collaboration(asked.need, coordinator, "Ingen hade tid.")
    assert answer(client, token).status_code == 410
    assert_unanswered(asked)


def test_an_answer_link_names_its_recipient(client, asked, make_need):
    other = (
        make_need("partner").matches.filter(person__isnull=False).exclude(person=asked.person)[0]
    )
    # A link for this suggestion naming somebody else, and one naming nobody: both refused.
    for payload in ({"match": asked.pk, "person": other.person_id}, {"match": asked.pk}):
        token = signing.dumps(payload, salt=services.ANSWER_SALT)
        assert answer(client, token).status_code == 400
    assert_unanswered(asked)
    assert answer(client, services.answer_token(asked)).status_code == 302
    asked.refresh_from_db()
    assert asked.response == Response.INTERESTED


def test_an_answer_link_expires(client, asked, monkeypatch):
    token = services.answer_token(asked)
    later = time.time() + (services.ANSWER_DAYS + 1) * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert answer(client, token).status_code == 410
    assert_unanswered(asked)


def test_a_follow_link_expires_after_the_configured_days(client, make_need, settings, monkeypatch):
    settings.SAMVERKAN_NEEDS_FOLLOW_DAYS = 30
    need = make_need(None, contact_email="per.lind@example.se")
    link = services.submitter_url(need).split("8000", 1)[1]
    assert client.get(link).status_code == 200
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    expired = client.get(link)
    assert expired.status_code == 410
    assert "30 dagar" in expired.content.decode()
    assert need.reference not in expired.content.decode()


def test_a_follow_link_stops_working_when_the_address_changes(client, make_need):
    need = make_need(None, contact_email="per.lind@example.se")
    link = services.submitter_url(need).split("8000", 1)[1]
    need.contact_email = "ny.adress@example.se"
    need.save()
    assert client.get(link).status_code == 404


def payload_text(token: str) -> str:
    """What anybody can read of a signed token without the key."""
    encoded = token.split(":", 1)[0]
    raw = base64.urlsafe_b64decode(encoded.lstrip(".") + "=" * (-len(encoded) % 4))
    return raw.decode(errors="replace")


def test_confirmation_and_follow_links_do_not_carry_the_e_mail_address(
    unconfirmed_need, client, django_capture_on_commit_callbacks
):
    need = unconfirmed_need("per.lind@example.se")
    token = services.confirmation_token(need)
    assert "per.lind" not in payload_text(token) and "@" not in payload_text(token)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/sv/behov/bekrafta/{token}/").status_code == 200
    need.refresh_from_db()
    assert need.status == Status.OPEN
    follow = services.follow_token(need)
    assert "per.lind" not in payload_text(follow) and "@" not in payload_text(follow)


def test_a_confirmation_link_for_an_address_changed_since_is_refused(unconfirmed_need, client):
    need = unconfirmed_need("per.lind@example.se")
    token = services.confirmation_token(need)
    need.contact_email = "annan@example.se"
    need.save()
    refused = client.post(f"/sv/behov/bekrafta/{token}/")
    assert refused.status_code == 400
    need.refresh_from_db()
    assert need.status == Status.UNCONFIRMED
