"""The needs workflow: submission, confirmation, triage, follow-up and closing.

Every change is one transaction and one line in the need's history (:class:`NeedEvent`); public
lines reach the submitter by e-mail, at once or in a daily summary as they chose. Views, the API
and the demo data all change needs through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.roles import is_coordinator
from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import (
    Collaboration,
    CollaborationParty,
    PartyRole,
    Review,
)
from samverkan.collaborations.models import Status as CollaborationStatus
from samverkan.directory.models import ExpertProfile, Organization, OrganizationKind
from samverkan.directory.visibility import AnyUser
from samverkan.matching.models import Kind
from samverkan.matching.services import Matches, match
from samverkan.sdg.suggest import suggest

from .models import (
    MAX_TEXT,
    Decision,
    EventKind,
    Need,
    NeedEvent,
    NeedMatch,
    NeedState,
    Notify,
    Outcome,
    Response,
    Status,
)
from .workflow import initial_state, outcome_state

CONFIRM_SALT = "samverkan.needs.confirm"
ANSWER_SALT = "samverkan.needs.answer"
CONFIRM_DAYS = 3
ANSWER_DAYS = 60
SUGGESTED_PER_KIND = 5
SUGGESTION_KINDS = (Kind.EXPERT, Kind.OFFERING, Kind.COLLABORATION)


class WorkflowError(ValueError):
    """A change that the rules do not allow; the message is for the user."""


# --- Suggestions -----------------------------------------------------------------------------


@dataclass
class Suggestions:
    matches: Matches
    goals: list[tuple[int, float]]


def suggestions_for(need: Need, user: AnyUser) -> Suggestions:
    """People, offerings and earlier collaborations for the need's text, and its likely goals:
    what the submitter sees before sending and what the coordinator starts from."""
    counties = frozenset([need.municipality.county.code]) if need.municipality_id else frozenset()
    forms = frozenset(need.forms.values_list("slug", flat=True)) if need.pk else frozenset()
    found = suggest(need.text)
    goals = frozenset(goal for goal, _score in found.goals)
    matches = match(
        need.text,
        kinds=SUGGESTION_KINDS,
        top=SUGGESTED_PER_KIND,
        user=user,
        goals=goals,
        forms=forms,
        counties=counties,
    )
    per_kind: dict[str, int] = {}
    kept = []
    for result in matches.results:
        if per_kind.get(result.kind, 0) < SUGGESTED_PER_KIND:
            per_kind[result.kind] = per_kind.get(result.kind, 0) + 1
            kept.append(result)
    matches.results = kept
    return Suggestions(matches, list(found.goals))


def _store_suggestions(need: Need, user: AnyUser) -> None:
    found = suggestions_for(need, user)
    people = dict(
        ExpertProfile.objects.filter(
            pk__in=[r.id for r in found.matches.results if r.kind == Kind.EXPERT]
        ).values_list("pk", "person_id")
    )
    NeedMatch.objects.bulk_create(
        [
            NeedMatch(
                need=need,
                kind=result.kind,
                object_id=result.id,
                title=result.title[:300],
                subtitle=result.subtitle[:300],
                person_id=people.get(result.id) if result.kind == Kind.EXPERT else None,
                score=result.score,
                explanation=result.explanation,
            )
            for result in found.matches.results
        ],
        ignore_conflicts=True,
    )
    if not need.suggested_goals:
        need.suggested_goals = [goal for goal, _score in found.goals]
        need.save(update_fields=["suggested_goals", "updated_at"])


# --- Submission and confirmation ---------------------------------------------------------------


def record(
    need: Need,
    kind: str,
    actor: AnyUser | None = None,
    text: str = "",
    public: bool = False,
    state: NeedState | None = None,
) -> NeedEvent:
    event = NeedEvent.objects.create(
        need=need,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        text=text,
        is_public=public,
        state=state,
    )
    if public and need.status == Status.OPEN:
        Need.objects.filter(pk=need.pk).update(last_public_update_at=event.created_at)
        need.last_public_update_at = event.created_at
        if need.notify == Notify.IMMEDIATE:
            transaction.on_commit(lambda: notify_submitter(need, [event]))
    return event


@transaction.atomic
def submit(need: Need, user: AnyUser) -> Need:
    """Send a finished draft. A logged-in submitter's need enters the queue at once; anybody
    else's waits until the e-mail address is confirmed by the link sent to it."""
    if need.status != Status.DRAFT:
        raise WorkflowError(_("This need has already been sent."))
    if not need.suggested_goals:
        need.suggested_goals = [goal for goal, _score in suggest(need.text).goals]
    if user.is_authenticated:
        need.submitter = user
        _open(need, user)
    else:
        need.status = Status.UNCONFIRMED
        need.save()
        transaction.on_commit(lambda: send_confirmation(need))
    return need


def _open(need: Need, actor: AnyUser) -> None:
    need.status = Status.OPEN
    need.state = initial_state(need.arena)
    need.submitted_at = timezone.now()
    need.save()
    record(need, EventKind.SUBMITTED, actor, public=True, state=need.state)
    _store_suggestions(need, actor)
    transaction.on_commit(lambda: notify_coordinators(need))


FOLLOW_SALT = "samverkan.needs.follow"


def follow_token(need: Need) -> str:
    """The submitter's own link to the need, for those who sent it without an account. It stops
    working if the need's e-mail address changes."""
    return signing.dumps({"need": need.pk, "email": need.contact_email}, salt=FOLLOW_SALT)


def need_from_follow_token(token: str) -> Need | None:
    try:
        data = signing.loads(token, salt=FOLLOW_SALT)
    except signing.BadSignature:
        return None
    need = Need.objects.filter(pk=data.get("need"), status=Status.OPEN).first()
    return need if need and need.contact_email == data.get("email") else None


def submitter_url(need: Need) -> str:
    """Where the submitter follows the need: the page itself for account holders, their own
    link for everybody else."""
    if need.submitter_id:
        return absolute(need.get_absolute_url())
    return absolute(reverse("needs:follow", kwargs={"token": follow_token(need)}))


def confirmation_token(need: Need) -> str:
    return signing.dumps({"need": need.pk, "email": need.contact_email}, salt=CONFIRM_SALT)


class ConfirmationError(ValueError):
    """The link is broken or too old; the message is for the user."""


@transaction.atomic
def confirm(token: str) -> tuple[Need, bool]:
    """Open the need the link was sent for. Returns the need and whether this call opened it: a
    link works once, and using it again changes nothing."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.SignatureExpired as error:
        raise ConfirmationError(
            _(
                "The link has expired. Send the need again and use the new link within "
                "%(days)s days."
            )
            % {"days": CONFIRM_DAYS}
        ) from error
    except signing.BadSignature as error:
        raise ConfirmationError(_("The link is not valid. Check that it was copied whole.")) from (
            error
        )
    need = Need.objects.select_for_update().filter(pk=data.get("need")).first()
    if need is None or need.contact_email != data.get("email"):
        raise ConfirmationError(_("The link is not valid. Check that it was copied whole."))
    if need.status != Status.UNCONFIRMED:
        return need, False
    record(need, EventKind.CONFIRMED, text=need.contact_email)
    _open(need, need.submitter or _anonymous())
    return need, True


def _anonymous() -> AnyUser:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- Coordinators' work ------------------------------------------------------------------------


def _require_coordinator(user: AnyUser, need: Need) -> None:
    if not is_coordinator(user, need.arena):
        raise WorkflowError(_("Only the arena's coordinators can do this."))
    if need.status != Status.OPEN:
        raise WorkflowError(_("The need has not been sent yet."))


@transaction.atomic
def change_state(need: Need, state: NeedState, actor: User, text: str = "") -> NeedEvent:
    _require_coordinator(actor, need)
    if state.arena_id != need.arena_id:
        raise WorkflowError(_("That state belongs to another arena."))
    if state.pk == need.state_id:
        raise WorkflowError(_("The need is already in that state."))
    need.state = state
    need.closed_at = timezone.now() if state.is_terminal else None
    need.save(update_fields=["state", "closed_at", "updated_at"])
    return record(need, EventKind.STATE, actor, text, public=state.is_public, state=state)


@transaction.atomic
def assign(need: Need, assignee: User | None, actor: User) -> NeedEvent:
    _require_coordinator(actor, need)
    if assignee is not None and not is_coordinator(assignee, need.arena):
        raise WorkflowError(_("Needs can only be assigned to the arena's coordinators."))
    need.assignee = assignee
    need.save(update_fields=["assignee", "updated_at"])
    name = (assignee.full_name or assignee.email) if assignee else _("nobody")
    return record(need, EventKind.ASSIGNED, actor, name)


def bulk_assign(needs: Iterable[Need], assignee: User | None, actor: User) -> int:
    """Assign several needs in one transaction: all or none."""
    with transaction.atomic():
        count = 0
        for need in needs:
            if need.assignee_id != (assignee.pk if assignee else None):
                assign(need, assignee, actor)
                count += 1
    return count


def _text(text: str) -> str:
    text = text.strip()
    if not text:
        raise WorkflowError(_("Write something first."))
    if len(text) > MAX_TEXT:
        raise WorkflowError(_("Keep it under 5,000 characters."))
    return text


@transaction.atomic
def add_note(need: Need, text: str, actor: User) -> NeedEvent:
    """An internal note: seen by coordinators only."""
    _require_coordinator(actor, need)
    return record(need, EventKind.NOTE, actor, _text(text))


@transaction.atomic
def post_update(need: Need, text: str, actor: User) -> NeedEvent:
    """A public update: the submitter sees it and hears about it."""
    _require_coordinator(actor, need)
    return record(need, EventKind.UPDATE, actor, _text(text), public=True)


@transaction.atomic
def decide(match_: NeedMatch, decision: str, actor: User) -> NeedMatch:
    _require_coordinator(actor, match_.need)
    if decision not in Decision.values:
        raise WorkflowError(_("Unknown decision."))
    match_.decision = decision
    match_.decided_by = actor
    match_.save(update_fields=["decision", "decided_by"])
    record(match_.need, EventKind.MATCH, actor, f"{Decision(decision).label}: {match_.title}")
    return match_


@transaction.atomic
def add_expert(need: Need, profile: ExpertProfile, actor: User) -> NeedMatch:
    """A person the coordinator knows is right, added by hand and accepted."""
    _require_coordinator(actor, need)
    added, _created = NeedMatch.objects.update_or_create(
        need=need,
        kind=Kind.EXPERT,
        object_id=profile.pk,
        defaults={
            "title": str(profile.person),
            "subtitle": ", ".join(profile.keywords[:3]),
            "person": profile.person,
            "added_by_hand": True,
            "decision": Decision.ACCEPTED,
            "decided_by": actor,
        },
    )
    record(need, EventKind.MATCH, actor, f"{Decision.ACCEPTED.label}: {added.title}")
    return added


def answer_token(match_: NeedMatch) -> str:
    return signing.dumps({"match": match_.pk}, salt=ANSWER_SALT)


@transaction.atomic
def contact(match_: NeedMatch, actor: User) -> NeedMatch:
    """Record that an accepted person was contacted and send them the need with two answer
    links; the submitter sees who was put in touch."""
    _require_coordinator(actor, match_.need)
    if match_.decision != Decision.ACCEPTED or match_.person_id is None:
        raise WorkflowError(_("Accept a person before contacting them."))
    match_.contacted_at = timezone.now()
    match_.save(update_fields=["contacted_at"])
    record(
        match_.need,
        EventKind.CONTACTED,
        actor,
        _("%(name)s has been asked to get in touch.") % {"name": match_.title},
        public=True,
    )
    transaction.on_commit(lambda: send_to_expert(match_))
    return match_


def match_from_answer_token(token: str) -> NeedMatch:
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_DAYS * 24 * 3600)
    except signing.BadSignature as error:
        raise ConfirmationError(_("The link is not valid or has expired.")) from error
    found = NeedMatch.objects.select_related("need", "person").filter(pk=data.get("match")).first()
    if found is None:
        raise ConfirmationError(_("The link is not valid or has expired."))
    return found


@transaction.atomic
def respond(match_: NeedMatch, response: str, comment: str = "") -> NeedMatch:
    """The contacted person's answer, kept as feedback for the ranking."""
    if response not in (Response.INTERESTED, Response.NOT_FOR_ME):
        raise WorkflowError(_("Choose interested or not for me."))
    if len(comment) > 2000:
        raise WorkflowError(_("Keep the comment under 2,000 characters."))
    match_.response = response
    match_.response_comment = comment.strip()
    match_.responded_at = timezone.now()
    match_.save(update_fields=["response", "response_comment", "responded_at"])
    record(match_.need, EventKind.RESPONSE, text=f"{match_.title}: {Response(response).label}")
    return match_


@transaction.atomic
def close_as_collaboration(
    need: Need, actor: User, form: CollaborationForm | None = None
) -> Collaboration:
    """Close the need as a collaboration that carries over its text, parties, people and goals;
    it is approved at once and shown on the asking municipality's page."""
    _require_coordinator(actor, need)
    if need.collaboration_id:
        raise WorkflowError(_("The need is already a collaboration."))
    form = form or need.forms.order_by("position").first()
    if form is None:
        raise WorkflowError(_("Choose the form of collaboration."))
    accepted = list(
        need.matches.filter(decision=Decision.ACCEPTED, person__isnull=False).select_related(
            "person"
        )
    )
    collaboration = Collaboration.objects.create(
        title_sv=need.title,
        description_sv=need.text,
        form=form,
        status=CollaborationStatus.PLANNED,
        review=Review.APPROVED,
        starts_on=timezone.localdate(),
        proposed_by=need.submitter,
    )
    collaboration.goals.set(need.goals.all())
    collaboration.people.set([m.person for m in accepted])
    parties = _parties(need, accepted)
    CollaborationParty.objects.bulk_create(
        CollaborationParty(collaboration=collaboration, organization=organization, role=role)
        for organization, role in parties.items()
    )
    need.collaboration = collaboration
    state = outcome_state(need.arena, Outcome.COLLABORATION)
    need.state = state or need.state
    need.closed_at = timezone.now()
    need.save(update_fields=["collaboration", "state", "closed_at", "updated_at"])
    record(
        need,
        EventKind.CLOSED,
        actor,
        _("The need became a collaboration: %(title)s") % {"title": collaboration.title},
        public=True,
        state=state,
    )
    return collaboration


def _parties(need: Need, accepted: list[NeedMatch]) -> dict[Organization, str]:
    """The asking organisation leads; the top-level organisations of the chosen people join."""
    parties: dict[Organization, str] = {}
    if need.organization is not None:
        parties[need.organization] = PartyRole.LEAD
    for found in accepted:
        for affiliation in found.person.affiliations.select_related("organization__parent"):
            organization = affiliation.organization
            while organization.parent is not None:
                organization = organization.parent
            if organization.kind != OrganizationKind.MUNICIPALITY:
                parties.setdefault(organization, PartyRole.PARTNER)
    return parties


@transaction.atomic
def close_without_collaboration(need: Need, actor: User, text: str) -> NeedEvent:
    _require_coordinator(actor, need)
    state = outcome_state(need.arena, Outcome.CLOSED)
    if state is None:
        raise WorkflowError(_("The arena has no state for closing without a collaboration."))
    need.state = state
    need.closed_at = timezone.now()
    need.save(update_fields=["state", "closed_at", "updated_at"])
    return record(need, EventKind.CLOSED, actor, _text(text), public=True, state=state)


# --- E-mail ------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SAMVERKAN_SITE_URL.rstrip("/") + path


_silent: ContextVar[bool] = ContextVar("needs_silent", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No e-mail while loading demo data or history: the workflow runs, nobody is written to."""
    token = _silent.set(True)
    try:
        yield
    finally:
        _silent.reset(token)


def _send(template: str, to: str, context: dict, language: str = "sv") -> None:
    if _silent.get():
        return
    with translation.override(language):
        subject = render_to_string(f"needs/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"needs/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


def send_confirmation(need: Need) -> None:
    url = absolute(reverse("needs:confirm", kwargs={"token": confirmation_token(need)}))
    _send("confirm", need.contact_email, {"need": need, "url": url, "days": CONFIRM_DAYS})


def notify_coordinators(need: Need) -> None:
    url = absolute(need.get_absolute_url())
    for email in need.arena.coordinators.values_list("email", flat=True):
        _send("new_need", email, {"need": need, "url": url})


def notify_submitter(need: Need, events: list[NeedEvent]) -> None:
    """Public changes, at once or as the day's summary; internal lines are never sent."""
    events = [event for event in events if event.is_public]
    address = need.submitter.email if need.submitter_id else need.contact_email
    if not events or not address:
        return
    _send("update", address, {"need": need, "events": events, "url": submitter_url(need)})
    NeedEvent.objects.filter(pk__in=[e.pk for e in events]).update(notified_at=timezone.now())


def send_daily_digests() -> int:
    """One e-mail per need with the day's public changes, for submitters who chose a summary."""
    pending = (
        NeedEvent.objects.filter(
            is_public=True,
            notified_at__isnull=True,
            need__notify=Notify.DAILY,
            need__status=Status.OPEN,
        )
        .exclude(kind=EventKind.SUBMITTED)
        .select_related("need__submitter", "state")
        .order_by("need", "created_at")
    )
    by_need: dict[int, list[NeedEvent]] = {}
    for event in pending:
        by_need.setdefault(event.need_id, []).append(event)
    for events in by_need.values():
        notify_submitter(events[0].need, events)
    return len(by_need)


def send_to_expert(match_: NeedMatch) -> None:
    email = match_.person.email if match_.person else ""
    if not email:
        return
    token = answer_token(match_)
    context = {
        "need": match_.need,
        "match": match_,
        "interested": absolute(reverse("needs:answer", kwargs={"token": token}))
        + "?svar=interested",
        "not_for_me": absolute(reverse("needs:answer", kwargs={"token": token}))
        + "?svar=not_for_me",
    }
    _send("contact", email, context)


TITLE_LENGTH = 100


def headline(text: str) -> str:
    """A headline from the first sentence, cut at a word, when the submitter wrote none."""
    first = text.strip().split("\n")[0]
    for end in (". ", "? ", "! "):
        if end in first:
            first = first.split(end)[0]
    if len(first) > TITLE_LENGTH:
        first = first[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    return first.rstrip(".")


def asking_organization(user: AnyUser, municipality) -> Organization | None:
    """Who the need is from in the directory: a partner user's own organisation, otherwise the
    organisation of the municipality the need concerns."""
    if user.is_authenticated and user.organization_id:
        return user.organization
    if municipality is None:
        return None
    return Organization.objects.filter(municipality=municipality).first()


HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def validate_text(text: str) -> str:
    """The need's text: words rather than markup, and no more than the field holds."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Describe the need in a few sentences."))
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("Keep it under %(max)s characters; it is %(count)s now.")
            % {
                "max": f"{MAX_TEXT:,}".replace(",", " "),
                "count": f"{len(text):,}".replace(",", " "),
            }
        )
    if HTML_TAG.search(text):
        raise ValidationError(_("Write the need as plain text, without HTML tags or scripts."))
    return text


def municipality_needs(user: AnyUser, municipality) -> list[Need]:
    """The needs from a municipality that the reader may see, newest first, each with the state
    its reader is shown (``shown``): for the municipality page."""
    from .permissions import visible_needs
    from .workflow import shown_state

    needs = list(
        visible_needs(user)
        .filter(municipality=municipality, status=Status.OPEN)
        .select_related("state", "arena")
        .prefetch_related("arena__need_states")
        .order_by("-submitted_at", "-pk")[:6]
    )
    for need in needs:
        need.shown = shown_state(need, list(need.arena.need_states.all()))
    return needs
