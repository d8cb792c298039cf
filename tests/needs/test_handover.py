"""A need that ends with people in touch: the coordinator hears of an interested expert, puts
the two in touch, the submitter replies, finds the link again, and the collaboration is checked
before it is published."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan.collaborations.models import Review
from samverkan.collaborations.selectors import visible_collaborations
from samverkan.directory.models import ExpertProfile
from samverkan.needs import services
from samverkan.needs.models import Decision, EventKind, MovesOn, Response
from samverkan.needs.services import WorkflowError
from samverkan.needs.workflow import outcome_state


@pytest.fixture
def interested(make_need, demo_user, django_capture_on_commit_callbacks):
    """A partner's need with the demo expert accepted, contacted and interested."""
    need = make_need("partner", contact_role="Utvecklingsledare")
    coordinator = demo_user("coordinator")
    services.assign(need, coordinator, coordinator)
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    found = services.add_expert(need, profile, coordinator)
    services.contact(found, coordinator, "Hej! Vill du hjälpa Borås?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(found, Response.INTERESTED, "Gärna.")
    need.refresh_from_db()
    found.refresh_from_db()
    return need, found


def test_an_interested_answer_reaches_the_coordinator_and_marks_the_inbox(
    interested, client_as, demo_user
):
    need, found = interested
    to_coordinator = [m for m in mail.outbox if m.to == [demo_user("coordinator").email]]
    assert to_coordinator and found.title in to_coordinator[0].body
    client = client_as("coordinator")
    inbox = client.get("/en/needs/inbox/").content.decode()
    assert "Someone is interested" in inbox
    assert "Someone is interested" in client.get("/en/needs/board/").content.decode()
    client.get(need.get_absolute_url())  # opening the need: seen
    assert "Someone is interested" not in client.get("/en/needs/inbox/").content.decode()


def test_the_hand_over_gives_each_the_others_details(
    interested, client_as, demo_user, django_capture_on_commit_callbacks
):
    need, found = interested
    client = client_as("coordinator")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(need.get_absolute_url() + "hand-over/", {"match": found.pk})
    found.refresh_from_db()
    assert found.introduced_at is not None
    expert = found.person
    to_submitter = [m for m in mail.outbox if m.to == [demo_user("partner").email]]
    to_expert = [m for m in mail.outbox if m.to == [expert.email]]
    assert len(to_submitter) == 1 and len(to_expert) == 1
    assert expert.full_name in to_submitter[0].body and expert.email in to_submitter[0].body
    assert "Högskolan i Borås" in to_submitter[0].body
    for detail in (need.contact_name, "Utvecklingsledare", need.asker, demo_user("partner").email):
        assert detail in to_expert[0].body
    event = need.events.get(kind=EventKind.INTRODUCED)
    assert event.is_public and expert.full_name in event.text
    need.refresh_from_db()
    assert need.state.name_en == "In dialogue"
    page = client_as("partner").get(f"/en/needs/{need.reference}/").content.decode()
    assert expert.full_name in page and expert.email in page


def test_only_interested_people_can_be_put_in_touch(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    found = services.add_expert(need, profile, coordinator)
    with pytest.raises(WorkflowError):
        services.hand_over(need, [found], coordinator)
    services.contact(found, coordinator)
    services.respond(found, Response.INTERESTED)
    for role in ("partner", "expert", "arena_admin"):
        with pytest.raises(WorkflowError):
            services.hand_over(need, [found], demo_user(role))
    assert services.hand_over(need, [found], coordinator) == [found]
    with pytest.raises(WorkflowError):  # once
        services.hand_over(need, [found], coordinator)


def test_the_submitter_replies_by_link_or_account_and_nobody_else(
    make_need, interested, client, client_as, demo_user, django_capture_on_commit_callbacks
):
    need, _found = interested
    partner = client_as("partner")
    page = partner.get(f"/en/needs/{need.reference}/").content.decode()
    coordinator = demo_user("coordinator")
    assert coordinator.full_name in page and coordinator.email in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(
            reverse("needs:reply", kwargs={"reference": need.reference}),
            {"text": "Vi har 40 anställda."},
        )
    reply = need.events.get(kind=EventKind.REPLY)
    assert reply.is_public and reply.text == "Vi har 40 anställda."
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    work = client_as("coordinator")
    assert "New reply from the submitter" in work.get("/en/needs/inbox/").content.decode()
    assert "Vi har 40 anställda." in work.get(need.get_absolute_url()).content.decode()
    for role in ("expert", "arena_admin"):
        response = client_as(role).post(
            reverse("needs:reply", kwargs={"reference": need.reference}), {"text": "Nej"}
        )
        assert response.status_code in (403, 404)
    anonymous = make_need(None, contact_email="anna@example.se")
    token = services.follow_token(anonymous)
    client.post(reverse("needs:follow", kwargs={"token": token}), {"text": "Mer om behovet."})
    assert anonymous.events.filter(kind=EventKind.REPLY, text="Mer om behovet.").exists()
    with pytest.raises(WorkflowError):
        services.submitter_reply(need, "Fel länk", demo_user("expert"), token=token)
    assert need.events.filter(kind=EventKind.REPLY).count() == 1


def test_the_link_again_says_the_same_for_any_address(
    make_need, client, django_capture_on_commit_callbacks, settings
):
    need = make_need(None, contact_email="eva@example.se")
    url = reverse("needs:link_again")
    assert client.get(url).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "EVA@example.se"}, follow=True)
        unknown = client.post(url, {"email": "nobody@example.se"}, follow=True)
    assert known.content.decode().count("ds-alert") == unknown.content.decode().count("ds-alert")
    assert [m.to for m in mail.outbox] == [["EVA@example.se"]]
    assert "/folj/" in mail.outbox[0].body or "/follow/" in mail.outbox[0].body
    assert need.reference in mail.outbox[0].body
    for _ in range(3):
        client.post(url, {"email": "eva@example.se"})
    assert client.post(url, {"email": "eva@example.se"}).status_code in (403, 429)


def test_the_contact_e_mail_is_the_coordinators_words_and_signed(
    make_need,
    client_as,
    demo_user,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    found = services.add_expert(need, profile, coordinator)
    client = client_as("coordinator")
    start = client.post(need.get_absolute_url() + "contact/", {"match": found.pk})
    compose = reverse("needs:contact_compose", kwargs={"reference": need.reference, "pk": found.pk})
    assert start.status_code == 302 and start.url == compose
    with django_assert_max_num_queries(30):
        page = client.get(compose).content.decode()
    assert need.asker in page and coordinator.full_name in page
    assert client_as("partner").get(compose).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            need.get_absolute_url() + "contact/",
            {"match": found.pk, "message": "Hej Jenny, kan vi ses?"},
        )
    sent = next(m for m in mail.outbox if m.to == [found.person.email])
    assert "Hej Jenny, kan vi ses?" in sent.body
    assert coordinator.full_name in sent.body and need.arena.name in sent.body
    assert "?svar=interested" in sent.body


def test_the_state_moves_on_by_itself_only_forward_and_per_arena(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    found = services.add_expert(need, profile, coordinator)
    need.refresh_from_db()
    assert need.state.name_en == "Matched"
    moved = need.events.filter(kind=EventKind.STATE, state=need.state).get()
    assert moved.is_public and moved.actor == coordinator
    services.contact(found, coordinator)
    need.refresh_from_db()
    assert need.state.name_en == "In dialogue"
    # Never back: accepting someone else leaves a need in dialogue where it is.
    other = need.matches.filter(kind="expert", decision=Decision.SUGGESTED).first()
    services.decide(other, Decision.ACCEPTED, coordinator)
    need.refresh_from_db()
    assert need.state.name_en == "In dialogue"
    # An arena that moves by hand only.
    plain = make_need("partner")
    plain.arena.need_states.update(moves_on=MovesOn.NEVER)
    services.add_expert(plain, profile, coordinator)
    plain.refresh_from_db()
    assert plain.state.name_en == "Received"


def test_a_closed_need_gives_a_draft_that_is_public_only_once_published(
    interested, client, client_as, demo_user
):
    need, found = interested
    coordinator = demo_user("coordinator")
    collaboration = services.close_as_collaboration(need, coordinator)
    need.refresh_from_db()
    assert need.state == outcome_state(need.arena, "collaboration")
    assert collaboration.review == Review.PROPOSED
    assert collaboration not in visible_collaborations(demo_user("expert"))
    assert client.get(collaboration.get_absolute_url()).status_code == 404
    review = reverse("needs:collaboration_review", kwargs={"reference": need.reference})
    assert client_as("partner").get(review).status_code == 404
    work = client_as("coordinator")
    assert work.get(review).status_code == 200
    parties = list(collaboration.parties.values_list("organization", flat=True))
    person = found.person
    profile = person.profile
    profile.consent_at = None
    profile.save()
    with pytest.raises(WorkflowError):  # nobody named publicly without consent
        services.publish_collaboration(need, coordinator, title_sv="X", parties=[], people=[person])
    profile.consent_at = timezone.now()
    profile.save()
    response = work.post(
        review,
        {
            "title_sv": "Introduktion i hemtjänsten",
            "starts_on": "2027-01-15",
            "ends_on": "2027-06-30",
            "parties": parties,
            "people": [person.pk],
        },
    )
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.review == Review.APPROVED
    assert collaboration.title_sv == "Introduktion i hemtjänsten"
    assert str(collaboration.ends_on) == "2027-06-30"
    assert list(collaboration.people.all()) == [person]
    assert client.get(collaboration.get_absolute_url()).status_code == 200
    with pytest.raises(WorkflowError):
        services.publish_collaboration(need, coordinator, title_sv="Y", parties=[], people=[])
