"""The rules of the needs workflow, through the service functions."""

import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.core.exceptions import ValidationError

from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration, Review
from samverkan.collaborations.selectors import visible_collaborations
from samverkan.directory.models import ExpertProfile
from samverkan.needs import services
from samverkan.needs.models import (
    Decision,
    EventKind,
    Need,
    NeedEvent,
    NeedMatch,
    Notify,
    Outcome,
    Response,
    Status,
)
from samverkan.needs.services import (
    ConfirmationError,
    WorkflowError,
    confirm,
    confirmation_token,
    validate_text,
)
from samverkan.needs.workflow import outcome_state, shown_state
from samverkan.places.models import Municipality


def test_every_arena_has_the_default_states_in_order(db):
    arena = Arena.objects.get(slug="vastsvensk-arena")
    names = list(arena.need_states.values_list("name_en", flat=True))
    assert names == [
        "Received",
        "Being prepared",
        "Matched",
        "In dialogue",
        "Became a collaboration",
        "Closed without collaboration",
    ]
    new = Arena.objects.create(name_sv="Ny arena", slug="ny-arena")
    assert new.need_states.count() == 6
    assert new.need_states.filter(is_terminal=True).count() == 2


def test_a_partner_users_need_enters_the_queue_at_once(make_need, demo_user):
    need = make_need("partner")
    assert need.status == Status.OPEN
    assert need.state.name_en == "Received"
    assert need.organization == demo_user("partner").organization
    assert need.matches.filter(kind="expert").exists()
    assert need.suggested_goals
    assert need.events.filter(kind=EventKind.SUBMITTED, is_public=True).count() == 1


def test_an_anonymous_need_waits_for_its_e_mail(db, make_need, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.need_create(
            AnonymousUser(),
            arena=Arena.objects.get(slug="vastsvensk-arena"),
            title="Matsvinn i skolköken",
            text="Vi slänger för mycket mat i skolköken och vill mäta och minska matsvinnet.",
            organization_name="Alingsås kommun",
            municipality=Municipality.objects.get(code="1489"),
            forms_unknown=True,
            contact_name="Per Lind",
            contact_email="per.lind@example.se",
            consent=True,
        )
        services.need_submit(need, AnonymousUser())
    need.refresh_from_db()
    assert need.status == Status.UNCONFIRMED
    assert need.state is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["per.lind@example.se"]
    token = confirmation_token(need)
    assert token in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        opened_need, opened = confirm(token)
    assert opened and opened_need.status == Status.OPEN
    assert opened_need.state.name_en == "Received"
    events = opened_need.events.count()
    # The link works once: using it again changes nothing.
    again, opened_again = confirm(token)
    assert not opened_again
    assert again.events.count() == events
    assert again.submitted_at == opened_need.submitted_at


def test_a_confirmation_link_expires_and_a_forged_one_fails(unconfirmed_need, monkeypatch):
    need = unconfirmed_need("a@example.se")
    token = confirmation_token(need)
    later = time.time() + (services.CONFIRM_DAYS * 24 + 1) * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(ConfirmationError, match="slutat gälla"):
        confirm(token)
    monkeypatch.undo()
    with pytest.raises(ConfirmationError):
        confirm(token[:-3] + "abc")
    need.refresh_from_db()
    assert need.status == Status.UNCONFIRMED


def test_the_submitter_sees_an_internal_state_as_the_last_public_one(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    preparing = need.arena.need_states.get(name_en="Being prepared")
    event = services.change_state(need, preparing, coordinator)
    assert not event.is_public
    states = list(need.arena.need_states.all())
    assert shown_state(need, states).name_en == "Received"
    matched = need.arena.need_states.get(name_en="Matched")
    services.change_state(need, matched, coordinator)
    assert shown_state(need, states) == matched


def test_only_public_changes_reach_the_submitter(
    make_need, demo_user, django_capture_on_commit_callbacks
):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(need, "Ring Jenny först, hon känner förvaltningen.", coordinator)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(need, "Vi har hittat två forskare som vill träffa er.", coordinator)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "två forskare" in body
    assert "Ring Jenny" not in body
    need.refresh_from_db()
    assert need.last_public_update_at is not None


def test_a_daily_digest_gathers_the_days_changes(
    make_need, demo_user, django_capture_on_commit_callbacks
):
    need = make_need("partner", notify=Notify.DAILY)
    coordinator = demo_user("coordinator")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(need, "Första uppdateringen.", coordinator)
        services.post_update(need, "Andra uppdateringen.", coordinator)
        services.add_note(need, "Intern anteckning.", coordinator)
    assert mail.outbox == []
    assert services.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert "Första" in mail.outbox[0].body and "Andra" in mail.outbox[0].body
    assert "Intern" not in mail.outbox[0].body
    assert services.send_daily_digests() == 0


def test_only_the_arenas_coordinators_work_on_a_need(make_need, demo_user):
    need = make_need("partner")
    for role in ("partner", "expert", "arena_admin"):  # the arena admin runs the other arena
        with pytest.raises(WorkflowError):
            services.add_note(need, "Nej", demo_user(role))
    with pytest.raises(WorkflowError):
        services.assign(need, demo_user("partner"), demo_user("coordinator"))
    assert not need.events.filter(kind=EventKind.NOTE).exists()


def test_bulk_assignment_is_all_or_nothing(make_need, demo_user):
    coordinator = demo_user("coordinator")
    mine = make_need("partner")
    other_arena = make_need("partner", arena=Arena.objects.get(slug="vastsvensk-arena"))
    admin = demo_user("arena_admin")  # coordinates the West Swedish arena only
    with pytest.raises(WorkflowError):
        services.bulk_assign([other_arena, mine], admin, coordinator)
    assert Need.objects.filter(assignee=admin).count() == 0
    assert services.bulk_assign([mine, other_arena], coordinator, coordinator) == 2


def test_matches_are_decided_contacted_and_answered(
    make_need, demo_user, django_capture_on_commit_callbacks
):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    suggestion = need.matches.filter(kind="expert").first()
    with pytest.raises(WorkflowError):
        services.contact(suggestion, coordinator)  # not accepted yet
    services.decide(suggestion, Decision.ACCEPTED, coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.contact(suggestion, coordinator)
    to_expert = [m for m in mail.outbox if m.to == [suggestion.person.email]]
    assert to_expert
    links = re.findall(r"/behov/svara/([^/\s]+)/\?svar=(\w+)", to_expert[0].body)
    assert {answer for _token, answer in links} == {"interested", "not_for_me"}
    assert {services.match_from_answer_token(token) for token, _answer in links} == {suggestion}
    services.respond(suggestion, Response.INTERESTED, "Gärna, i vår.")
    suggestion.refresh_from_db()
    assert suggestion.response == Response.INTERESTED and suggestion.responded_at
    with pytest.raises(WorkflowError):
        services.respond(suggestion, "maybe")
    event = need.events.get(kind=EventKind.CONTACTED)
    assert event.is_public and suggestion.title in event.text


def test_adding_the_same_person_twice_keeps_one_suggestion_and_one_history_line(
    make_need, demo_user
):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    first = services.add_expert(need, profile, coordinator)
    lines = need.events.filter(kind=EventKind.MATCH).count()
    again = services.add_expert(need, profile, coordinator)
    assert again.pk == first.pk
    assert need.matches.filter(kind=first.kind, object_id=profile.pk).count() == 1
    assert need.events.filter(kind=EventKind.MATCH).count() == lines


def test_closing_as_a_collaboration_carries_the_need_over(make_need, demo_user):
    need = make_need("partner")
    need.goals.set([3, 8])
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    services.add_expert(need, profile, coordinator)
    form = CollaborationForm.objects.get(slug="commissioned-education")
    collaboration = services.close_as_collaboration(need, coordinator, form)
    need.refresh_from_db()
    assert need.collaboration == collaboration
    assert need.state == outcome_state(need.arena, Outcome.COLLABORATION)
    assert need.closed_at is not None
    assert collaboration.review == Review.PROPOSED  # a draft until the coordinator checks it
    assert collaboration.description_sv == need.text
    assert set(collaboration.goals.values_list("number", flat=True)) == {3, 8}
    assert profile.person in collaboration.people.all()
    organizations = set(collaboration.parties.values_list("organization__name_sv", flat=True))
    assert "Borås kommun" in organizations
    assert "Högskolan i Borås" in organizations
    with pytest.raises(WorkflowError):
        services.close_as_collaboration(need, coordinator, form)


def test_closing_without_a_collaboration_needs_a_reason(make_need, demo_user):
    need = make_need("partner")
    with pytest.raises(WorkflowError):
        services.close_without_collaboration(need, demo_user("coordinator"), "  ")
    need.refresh_from_db()
    assert not need.is_closed


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Beskriv"),
        ("x" * 50_000, "5"),
        ("Hjälp <script>alert(1)</script>", "vanlig text"),
        ('<img src=x onerror="alert(1)">', "vanlig text"),
    ],
)
def test_bad_need_texts_are_refused_with_a_reason(text, message):
    with pytest.raises(ValidationError, match=message):
        validate_text(text)


def test_ordinary_text_with_angle_brackets_is_fine():
    assert validate_text("Vi har < 5 undersköterskor per skift och > 30 brukare.")


def test_references_count_up_per_year(make_need):
    first, second = make_need("partner"), make_need("partner")
    assert first.reference.startswith("B-") and first.reference != second.reference
    assert int(second.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1


def test_suggestions_are_feedback_that_is_kept(make_need, demo_user):
    need = make_need("partner")
    suggestion = need.matches.first()
    services.decide(suggestion, Decision.REJECTED, demo_user("coordinator"))
    assert NeedMatch.objects.get(pk=suggestion.pk).decided_by == demo_user("coordinator")
    assert NeedEvent.objects.filter(need=need, kind=EventKind.MATCH).count() == 1


def test_the_digest_command_sends_the_summaries(cli, capsys, make_need, demo_user):
    need = make_need("partner", notify=Notify.DAILY)
    services.post_update(need, "Ett möte är bokat.", demo_user("coordinator"))
    mail.outbox.clear()
    assert cli(["needs-digest"]) == 0
    assert "1" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["partner@example.se"]]


def test_a_headline_is_one_line_and_no_longer_than_the_rule_on_every_change(demo_user):
    partner = demo_user("partner")
    draft = services.need_create(partner, text="Vi behöver hjälp med matsvinnet i skolköken.")
    assert draft.title == "Vi behöver hjälp med matsvinnet i skolköken"
    services.need_update(draft, partner, title="Matsvinn\r\ni\x0bskolköken")
    draft.refresh_from_db()
    assert draft.title == "Matsvinn i skolköken"
    with pytest.raises(ValidationError) as refused:
        services.need_update(draft, partner, title="x" * (services.TITLE_LENGTH + 1))
    assert list(refused.value.message_dict) == ["title"]
    draft.refresh_from_db()
    assert draft.title == "Matsvinn i skolköken"


def test_a_need_is_sent_only_with_every_answer_and_only_once(demo_user):
    partner = demo_user("partner")
    draft = services.need_create(partner, text="Vi behöver hjälp med matsvinnet i skolköken.")
    with pytest.raises(ValidationError) as refused:
        services.need_submit(draft, partner)
    assert set(refused.value.message_dict) == set(services.missing_answers(draft))
    services.need_update(
        draft,
        partner,
        organization_name="Borås kommun",
        municipality=Municipality.objects.get(code="1490"),
        forms_unknown=True,
        contact_email="partner@example.se",
        consent=True,
    )
    copy = Need.objects.get(pk=draft.pk)
    services.need_submit(draft, partner)
    with pytest.raises(WorkflowError):
        services.need_submit(copy, partner)
    assert draft.events.filter(kind=EventKind.SUBMITTED).count() == 1


def test_a_collaboration_from_a_need_is_public_once_published(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    form = CollaborationForm.objects.get(slug="commissioned-education")
    collaboration = services.close_as_collaboration(need, coordinator, form)
    assert not Collaboration.objects.filter(pk=collaboration.pk, review=Review.APPROVED).exists()
    parties = [party.organization for party in collaboration.parties.all()]
    services.publish_collaboration(
        need, coordinator, title_sv=collaboration.title_sv, parties=parties, people=[]
    )
    collaboration.refresh_from_db()
    assert collaboration.review == Review.APPROVED
    assert collaboration in visible_collaborations(AnonymousUser())
