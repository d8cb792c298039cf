"""The needs workflow: submission, confirmation, triage, follow-up and closing.

Every change is one transaction and one line in the need's history (:class:`NeedEvent`); public
lines reach the submitter by e-mail, at once or in a daily summary as they chose. Views, the API
and the demo data all change needs through these functions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.roles import is_arena_admin, is_coordinator
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.catalogue.search_sources import OFFERING
from samverkan.collaborations.models import Collaboration, PartyRole
from samverkan.collaborations.models import Status as CollaborationStatus
from samverkan.collaborations.search_sources import COLLABORATION
from samverkan.collaborations.services import CollaborationData, collaboration_register
from samverkan.directory.models import ExpertProfile, Organization, OrganizationKind
from samverkan.directory.search_sources import EXPERT
from samverkan.directory.visibility import AnyUser
from samverkan.kernel import searchable
from samverkan.kernel.mail import send_email
from samverkan.kernel.searchable import Result
from samverkan.sdg.models import Goal

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
    SavedView,
    Status,
)
from .workflow import initial_state, outcome_state

CONFIRM_SALT = "samverkan.needs.confirm"
ANSWER_SALT = "samverkan.needs.answer"
CONFIRM_DAYS = 3
ANSWER_DAYS = 60
SUGGESTED_PER_KIND = 5
SUGGESTION_KINDS = (EXPERT, OFFERING, COLLABORATION)


class WorkflowError(ValueError):
    """A change that the rules do not allow; the message is for the user."""


# --- Suggestions -----------------------------------------------------------------------------


@dataclass
class Suggestions:
    results: list[Result]
    goals: list[tuple[int, float]]


def draft_suggestions(need: Need, user: AnyUser) -> Suggestions:
    """People, offerings and earlier collaborations for the need's text, and its likely goals:
    what the submitter sees before sending and what the coordinator starts from.

    Ranked once per draft: the result is kept with the need under a key of everything that
    changes it (the text, the forms, the county and who asks), so the check page, sending and
    confirming use the same ranking and a changed answer ranks again."""
    key = _suggestions_key(need, user)
    kept = need.suggestions or {}
    if kept.get("key") == key:
        names = {field.name for field in fields(Result)}
        return Suggestions(
            [Result(**{k: v for k, v in row.items() if k in names}) for row in kept["results"]],
            [(goal, score) for goal, score in kept["goals"]],
        )
    found = _rank(need, user)
    need.suggestions = {
        "key": key,
        "results": [asdict(result) for result in found.results],
        "goals": [list(pair) for pair in found.goals],
    }
    if need.pk:
        Need.objects.filter(pk=need.pk).update(suggestions=need.suggestions)
    return found


def _suggestions_key(need: Need, user: AnyUser) -> str:
    forms = sorted(need.forms.values_list("slug", flat=True)) if need.pk else []
    county = need.municipality.county.code if need.municipality_id else ""
    asker = user.pk if user.is_authenticated else None
    return hashlib.sha256(json.dumps([need.text, forms, county, asker]).encode()).hexdigest()


def _rank(need: Need, user: AnyUser) -> Suggestions:
    counties = frozenset([need.municipality.county.code]) if need.municipality_id else frozenset()
    forms = frozenset(need.forms.values_list("slug", flat=True)) if need.pk else frozenset()
    search = searchable.engine()
    suggested = search.suggest_goals(need.text)
    goals = frozenset(goal for goal, _score in suggested)
    results = search.rank(
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
    for result in results:
        if per_kind.get(result.kind, 0) < SUGGESTED_PER_KIND:
            per_kind[result.kind] = per_kind.get(result.kind, 0) + 1
            kept.append(result)
    return Suggestions(kept, suggested)


def _store_suggestions(need: Need, user: AnyUser) -> None:
    found = draft_suggestions(need, user)
    people = dict(
        ExpertProfile.objects.filter(
            pk__in=[r.id for r in found.results if r.kind == EXPERT]
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
                person_id=people.get(result.id) if result.kind == EXPERT else None,
                score=result.score,
                explanation=result.explanation,
            )
            for result in found.results
        ],
        ignore_conflicts=True,
    )
    if not need.suggested_goals:
        need.suggested_goals = [goal for goal, _score in found.goals]
    need.suggestions = {}
    need.save(update_fields=["suggested_goals", "suggestions", "updated_at"])


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
            notify_submitter(need, [event])
    return event


# What a submitter answers, by the need's field names; ``consent`` sets ``consent_at``.
ANSWERS = frozenset(
    {
        "text",
        "title",
        "organization_name",
        "municipality",
        "arena",
        "forms",
        "forms_unknown",
        "timeframe",
        "contact_name",
        "contact_email",
        "contact_phone",
        "notify",
        "is_public",
        "consent",
    }
)


def need_create(user: AnyUser, **answers: object) -> Need:
    """A new draft with its first answers. The web's first step, the API, the demo data and the
    tests all start a need here, so the same rules hold for each; ``ValidationError`` (by
    field) when an answer breaks one, and then nothing is stored."""
    if answers.get("arena") is None:
        answers["arena"] = Arena.objects.filter(is_active=True).first()
        if answers["arena"] is None:
            raise ValidationError({"arena": _("No arena takes needs at the moment.")})
    need = Need(submitter=user if user.is_authenticated else None)
    return _apply_answers(need, user, answers)


def need_update(need: Need, user: AnyUser, **answers: object) -> Need:
    """Change a draft's answers (the web's later steps), under the rules of ``need_create``."""
    if need.status != Status.DRAFT:
        raise WorkflowError(_("This need has already been sent."))
    return _apply_answers(need, user, answers)


@transaction.atomic
def _apply_answers(need: Need, user: AnyUser, answers: dict) -> Need:
    if unknown := set(answers) - ANSWERS:
        raise TypeError(f"not an answer of a need: {', '.join(sorted(unknown))}")
    errors: dict[str, list[str]] = {}
    values = dict(answers)
    forms = values.pop("forms", None)
    consent = values.pop("consent", None)
    if "text" in values:
        try:
            values["text"] = validate_text(str(values["text"]))
        except ValidationError as error:
            errors["text"] = error.messages
    if "text" in values or "title" in values:
        title = clean_title(str(values.get("title") or ""))
        if len(title) > TITLE_LENGTH:
            errors["title"] = [
                _("Keep the headline to at most %(max)s characters.") % {"max": TITLE_LENGTH}
            ]
        values["title"] = title or headline(str(values.get("text", need.text)))
    if "organization_name" in values:
        values["organization_name"] = clean_title(str(values["organization_name"]))
    if ("forms" in answers or "forms_unknown" in answers) and not (
        forms or values.get("forms_unknown", need.forms_unknown)
    ):
        errors[NON_FIELD_ERRORS] = [_("Choose at least one kind of help, or “Don't know”.")]
    if consent is not None and not consent:
        errors["consent"] = [_("We need your consent to handle the need.")]
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(need, name, value)
    if "municipality" in values:
        need.organization = asking_organization(user, need.municipality)
    if consent:
        need.consent_at = timezone.now()
    need.save()
    if forms is not None:
        need.forms.set(forms)
    return need


def missing_answers(need: Need) -> list[str]:
    """The answers a draft still lacks before it can be sent, by field name."""
    missing = []
    for name, answered in (
        ("text", need.text),
        ("organization_name", need.organization_name),
        ("municipality", need.municipality_id),
        ("forms", need.forms_unknown or need.forms.exists()),
        ("contact_email", need.contact_email),
        ("consent", need.consent_at),
    ):
        if not answered:
            missing.append(name)
    return missing


@transaction.atomic
def need_submit(need: Need, user: AnyUser, goals: Iterable[Goal] | None = None) -> Need:
    """Send a finished draft with the goals the submitter chose (the suggested ones when
    ``None``). A logged-in submitter's need enters the queue at once; anybody else's waits
    until the e-mail address is confirmed by the link sent to it. Sending twice sends once."""
    _lock(need)
    if need.status != Status.DRAFT:
        raise WorkflowError(_("This need has already been sent."))
    if missing := missing_answers(need):
        raise ValidationError({name: _("This answer is missing.") for name in missing})
    found = draft_suggestions(need, user)
    need.suggested_goals = [goal for goal, _score in found.goals]
    need.goals.set(Goal.objects.filter(number__in=need.suggested_goals) if goals is None else goals)
    if user.is_authenticated:
        need.submitter = user
        _open(need, user)
    else:
        need.status = Status.UNCONFIRMED
        need.save()
        send_confirmation(need)
    return need


def _lock(need: Need) -> None:
    """Lock the need's row until the transaction ends and read it again: of two requests that
    change the same need at once, the second waits for the first and then sees its change (on
    SQLite every writing transaction takes the database's write lock at its start)."""
    need.refresh_from_db(from_queryset=Need.objects.select_for_update())


def _open(need: Need, actor: AnyUser) -> None:
    need.status = Status.OPEN
    need.state = initial_state(need.arena)
    need.submitted_at = timezone.now()
    need.save()
    record(need, EventKind.SUBMITTED, actor, public=True, state=need.state)
    _store_suggestions(need, actor)
    notify_coordinators(need)


class ConfirmationError(ValueError):
    """The link is broken, too old or no longer applies; the message is for the user."""


class LinkExpired(ConfirmationError):
    """The link was right but is too old."""


FOLLOW_SALT = "samverkan.needs.follow"


def _address(need: Need, salt: str) -> str:
    """The need's e-mail address as a keyed digest: a link stops working when the address
    changes, without carrying the address itself."""
    return salted_hmac(salt, need.contact_email.lower()).hexdigest()[:20]


def follow_token(need: Need) -> str:
    """The submitter's own link to the need, for those who sent it without an account. It stops
    working after ``SAMVERKAN_NEEDS_FOLLOW_DAYS`` (every e-mail about the need brings a fresh
    one) and when the need's e-mail address changes."""
    return signing.dumps(
        {"need": need.pk, "address": _address(need, FOLLOW_SALT)}, salt=FOLLOW_SALT
    )


def need_from_follow_token(token: str) -> Need:
    days = settings.SAMVERKAN_NEEDS_FOLLOW_DAYS
    try:
        data = signing.loads(token, salt=FOLLOW_SALT, max_age=days * 24 * 3600)
    except signing.SignatureExpired as error:
        raise LinkExpired(
            _(
                "The link has expired: it works for %(days)s days. Use the link in the latest "
                "e-mail about the need, or ask the coordinators for a new one."
            )
            % {"days": days}
        ) from error
    except signing.BadSignature as error:
        raise ConfirmationError(_("The link is not valid. Check that it was copied whole.")) from (
            error
        )
    need = Need.objects.filter(pk=data.get("need"), status=Status.OPEN).first()
    if need is None or _address(need, FOLLOW_SALT) != data.get("address"):
        raise ConfirmationError(_("The link is not valid. Check that it was copied whole."))
    return need


def submitter_url(need: Need) -> str:
    """Where the submitter follows the need: the page itself for account holders, their own
    link for everybody else."""
    if need.submitter_id:
        return absolute(need.get_absolute_url())
    return absolute(reverse("needs:follow", kwargs={"token": follow_token(need)}))


def confirmation_token(need: Need) -> str:
    return signing.dumps(
        {"need": need.pk, "address": _address(need, CONFIRM_SALT)}, salt=CONFIRM_SALT
    )


@transaction.atomic
def confirm(token: str) -> tuple[Need, bool]:
    """Open the need the link was sent for. Returns the need and whether this call opened it: a
    link works once, and using it again changes nothing."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.SignatureExpired as error:
        raise LinkExpired(
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
    if need is None or _address(need, CONFIRM_SALT) != data.get("address"):
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
#
# Each change locks the need (or the suggestion) and checks the rules on what it reads then: two
# coordinators making the same change at once make it once, and the second hears that it is made.


def _require_coordinator(user: AnyUser, need: Need) -> None:
    if not is_coordinator(user, need.arena):
        raise WorkflowError(_("Only the arena's coordinators can do this."))
    if need.status != Status.OPEN:
        raise WorkflowError(_("The need has not been sent yet."))


@transaction.atomic
def change_state(need: Need, state: NeedState, actor: User, text: str = "") -> NeedEvent:
    _lock(need)
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
def assign(need: Need, assignee: User | None, actor: User) -> NeedEvent | None:
    """Give the need to a coordinator; ``None`` when it already is theirs (nothing changes)."""
    _lock(need)
    _require_coordinator(actor, need)
    if assignee is not None and not is_coordinator(assignee, need.arena):
        raise WorkflowError(_("Needs can only be assigned to the arena's coordinators."))
    if need.assignee_id == (assignee.pk if assignee else None):
        return None
    need.assignee = assignee
    need.save(update_fields=["assignee", "updated_at"])
    name = (assignee.full_name or assignee.email) if assignee else _("nobody")
    return record(need, EventKind.ASSIGNED, actor, name)


def bulk_assign(needs: Iterable[Need], assignee: User | None, actor: User) -> int:
    """Assign several needs in one transaction: all or none."""
    with transaction.atomic():
        return sum(assign(need, assignee, actor) is not None for need in needs)


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


def _lock_match(match_: NeedMatch) -> None:
    match_.refresh_from_db(from_queryset=NeedMatch.objects.select_for_update())


@transaction.atomic
def decide(match_: NeedMatch, decision: str, actor: User) -> NeedMatch:
    """Accept or reject a suggestion; deciding the same again changes nothing."""
    _lock_match(match_)
    _require_coordinator(actor, match_.need)
    if decision not in Decision.values:
        raise WorkflowError(_("Unknown decision."))
    if match_.decision == decision:
        return match_
    match_.decision = decision
    match_.decided_by = actor
    match_.save(update_fields=["decision", "decided_by"])
    record(match_.need, EventKind.MATCH, actor, f"{Decision(decision).label}: {match_.title}")
    return match_


@transaction.atomic
def add_expert(need: Need, profile: ExpertProfile, actor: User) -> NeedMatch:
    """A person the coordinator knows is right, added by hand and accepted. Adding an accepted
    person again changes nothing and writes no second line to the history."""
    _lock(need)
    _require_coordinator(actor, need)
    existing = NeedMatch.objects.filter(need=need, kind=EXPERT, object_id=profile.pk).first()
    if existing is not None and existing.decision == Decision.ACCEPTED:
        return existing
    added, _created = NeedMatch.objects.update_or_create(
        need=need,
        kind=EXPERT,
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
    """The answer links of one suggestion, for the person it names."""
    return signing.dumps({"match": match_.pk, "person": match_.person_id}, salt=ANSWER_SALT)


@transaction.atomic
def contact(match_: NeedMatch, actor: User) -> NeedMatch:
    """Record that an accepted person was contacted and send them the need with two answer
    links; the submitter sees who was put in touch. A person is contacted once."""
    _lock_match(match_)
    _require_coordinator(actor, match_.need)
    if match_.decision != Decision.ACCEPTED or match_.person_id is None:
        raise WorkflowError(_("Accept a person before contacting them."))
    if match_.contacted_at is not None:
        raise WorkflowError(_("%(name)s has already been contacted.") % {"name": match_.title})
    match_.contacted_at = timezone.now()
    match_.save(update_fields=["contacted_at"])
    record(
        match_.need,
        EventKind.CONTACTED,
        actor,
        _("%(name)s has been asked to get in touch.") % {"name": match_.title},
        public=True,
    )
    send_to_expert(match_)
    return match_


def match_from_answer_token(token: str) -> NeedMatch:
    """The suggestion an answer link was sent for, while the link still applies: the person it
    was sent to is still the one suggested, the suggestion is not rejected and the need is open."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_DAYS * 24 * 3600)
    except signing.SignatureExpired as error:
        raise LinkExpired(_("The link has expired.")) from error
    except signing.BadSignature as error:
        raise ConfirmationError(_("The link is not valid or has expired.")) from error
    found = NeedMatch.objects.select_related("need__state", "person").filter(pk=data.get("match"))
    found = found.first()
    if found is None or found.person_id is None or found.person_id != data.get("person"):
        raise ConfirmationError(_("The link is not valid or has expired."))
    if (
        found.decision == Decision.REJECTED
        or found.need.status != Status.OPEN
        or found.need.is_closed
    ):
        raise LinkExpired(
            _("The link no longer applies: the need is closed or no longer needs your answer.")
        )
    return found


@transaction.atomic
def respond(match_: NeedMatch, response: str, comment: str = "") -> NeedMatch:
    """The contacted person's answer, kept as feedback for the ranking; the same answer again
    changes nothing."""
    if response not in (Response.INTERESTED, Response.NOT_FOR_ME):
        raise WorkflowError(_("Choose interested or not for me."))
    if len(comment) > 2000:
        raise WorkflowError(_("Keep the comment under 2,000 characters."))
    _lock_match(match_)
    if match_.response == response and match_.response_comment == comment.strip():
        return match_
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
    _lock(need)
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
    data = CollaborationData(
        title_sv=need.title,
        description_sv=need.text,
        form=form,
        status=CollaborationStatus.PLANNED,
        starts_on=timezone.localdate(),
        parties=list(_parties(need, accepted).items()),
        goals=list(need.goals.all()),
        people=[m.person for m in accepted],
    )
    try:
        collaboration = collaboration_register(actor, data, proposed_by=need.submitter)
    except ValidationError as error:
        raise WorkflowError(error.messages[0]) from error
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
    _lock(need)
    _require_coordinator(actor, need)
    if need.is_closed:
        raise WorkflowError(_("The need is already closed."))
    state = outcome_state(need.arena, Outcome.CLOSED)
    if state is None:
        raise WorkflowError(_("The arena has no state for closing without a collaboration."))
    need.state = state
    need.closed_at = timezone.now()
    need.save(update_fields=["state", "closed_at", "updated_at"])
    return record(need, EventKind.CLOSED, actor, _text(text), public=True, state=state)


# --- Arenas' workflows and the coordinators' saved views ---------------------------------------


@transaction.atomic
def save_states(arena: Arena, states: Iterable[NeedState], actor: User) -> None:
    """An arena admin's changed and added workflow states, all or none."""
    if not is_arena_admin(actor, arena):
        raise WorkflowError(_("Only the arena's admins can change its states."))
    for state in states:
        state.arena = arena
        state.save()


def save_view_of_inbox(user: User, name: str, query: str) -> SavedView:
    """A coordinator's named inbox filters; the same name again replaces them."""
    saved, _created = SavedView.objects.update_or_create(
        user=user, name=name, defaults={"query": query}
    )
    return saved


def delete_view_of_inbox(user: User, pk: int) -> bool:
    """Remove one of the user's own saved views; ``False`` when they have none with that id."""
    deleted, _by_model = SavedView.objects.filter(pk=pk, user=user).delete()
    return bool(deleted)


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
    send_email.enqueue(subject, body, [to])


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
# C0 and C1 control characters: a line break in a headline breaks the e-mail subject made of it.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# In a text, line breaks and tabs are writing; the other control characters are not (and
# PostgreSQL refuses a NUL).
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_title(title: str) -> str:
    """A headline on one line: control characters become spaces, runs of white space one."""
    return " ".join(CONTROL.sub(" ", title).split())


def headline(text: str) -> str:
    """A headline from the first sentence, cut at a word, when the submitter wrote none."""
    first = clean_title(text.strip().split("\n")[0])
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
    text = CONTROL_IN_TEXT.sub("", text.replace("\r\n", "\n")).strip()
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
