"""The needs workflow: submission, confirmation, triage, follow-up and closing.

Every change is one transaction and one line in the need's history (:class:`NeedEvent`); public
lines reach the submitter by e-mail, at once or in a daily summary as they chose. Views, the API
and the demo data all change needs through these functions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
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
from samverkan.collaborations.models import Collaboration, PartyRole, Review
from samverkan.collaborations.models import Status as CollaborationStatus
from samverkan.collaborations.search_sources import COLLABORATION
from samverkan.collaborations.services import (
    CollaborationData,
    collaboration_approve,
    collaboration_draft,
    collaboration_update,
)
from samverkan.directory.models import ExpertProfile, Organization, OrganizationKind, Person
from samverkan.directory.search_sources import EXPERT
from samverkan.directory.visibility import AnyUser
from samverkan.kernel import searchable
from samverkan.kernel.mail import absolute, send_templated
from samverkan.kernel.searchable import Result
from samverkan.sdg.models import Goal

from .models import (
    MAX_TEXT,
    Attention,
    Decision,
    EventKind,
    MovesOn,
    Need,
    NeedEvent,
    NeedMatch,
    NeedSeen,
    NeedState,
    Notify,
    Outcome,
    Response,
    SavedView,
    Status,
)
from .permissions import is_submitter_side
from .search_sources import NEED
from .workflow import initial_state, next_state, outcome_state

CONFIRM_SALT = "samverkan.needs.confirm"
ANSWER_SALT = "samverkan.needs.answer"
CONFIRM_DAYS = 3
ANSWER_DAYS = 60
SUGGESTED_PER_KIND = 5
# Open challenges of other municipalities too: the same problem may already have found help.
SUGGESTION_KINDS = (EXPERT, OFFERING, COLLABORATION, NEED)


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
        if result.kind == NEED and result.id == need.pk:
            continue  # never the need itself
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
                # Suggestions kept before results carried both languages have one subtitle.
                subtitle=(result.subtitle_sv or result.subtitle)[:300],
                subtitle_en=result.subtitle_en[:300],
                person_id=people.get(result.id) if result.kind == EXPERT else None,
                score=result.score,
                explanation=result.explanation,
                reasons={
                    "topic": result.topic,
                    "goals": result.goals,
                    "forms": result.forms,
                    "same_region": result.same_region,
                },
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
    notify: bool = True,
) -> NeedEvent:
    """One line of the need's history. A public line reaches the submitter by e-mail, unless
    ``notify`` is false because they wrote it or have had an e-mail of its own about it."""
    event = NeedEvent.objects.create(
        need=need,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        text=text,
        is_public=public,
        state=state,
        notified_at=None if notify else timezone.now(),
    )
    if public and need.status == Status.OPEN:
        Need.objects.filter(pk=need.pk).update(last_public_update_at=event.created_at)
        need.last_public_update_at = event.created_at
        if notify and need.notify == Notify.IMMEDIATE:
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
        "contact_role",
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
    for name in ("organization_name", "contact_role"):
        if name in values:
            values[name] = clean_title(str(values[name]))
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
    """Lock the suggestion's need and then the suggestion (always in that order, as
    ``hand_over`` does, so two changes never wait for each other), and read both again."""
    _lock(match_.need)
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
    if decision == Decision.ACCEPTED:
        move_on(match_.need, MovesOn.ACCEPTED, actor)
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
            "subtitle_en": "",  # keywords are written once, for readers of both languages
            "person": profile.person,
            "added_by_hand": True,
            "decision": Decision.ACCEPTED,
            "decided_by": actor,
        },
    )
    record(need, EventKind.MATCH, actor, f"{Decision.ACCEPTED.label}: {added.title}")
    move_on(need, MovesOn.ACCEPTED, actor)
    return added


MOVED_ON = {
    MovesOn.ACCEPTED: _("Moved on by itself: people have been chosen."),
    MovesOn.CONTACTED: _("Moved on by itself: people have been contacted."),
}


def move_on(need: Need, trigger: str, actor: User) -> NeedEvent | None:
    """Move the need to the state the coordinator's action implies, where its arena asks for
    it (``NeedState.moves_on``): only forward, and a line in the history like any change."""
    _lock(need)
    state = next_state(need, trigger)
    if state is None:
        return None
    need.state = state
    need.save(update_fields=["state", "updated_at"])
    text = str(MOVED_ON[MovesOn(trigger)])
    return record(need, EventKind.STATE, actor, text, public=state.is_public, state=state)


def answer_token(match_: NeedMatch) -> str:
    """The answer links of one suggestion, for the person it names."""
    return signing.dumps({"match": match_.pk, "person": match_.person_id}, salt=ANSWER_SALT)


def contact_message(match_: NeedMatch, actor: User) -> str:
    """The coordinator's default words to a person they contact, for them to change."""
    return render_to_string(
        "needs/email/contact_message.txt", {"need": match_.need, "match": match_, "actor": actor}
    ).strip()


@transaction.atomic
def contact(match_: NeedMatch, actor: User, message: str | None = None) -> NeedMatch:
    """Record that an accepted person was contacted and send them the need in the coordinator's
    words (``message``, the default text when ``None``), signed by the coordinator, with two
    answer links; the submitter sees who was asked. A person is contacted once."""
    _lock_match(match_)
    _require_coordinator(actor, match_.need)
    if match_.decision != Decision.ACCEPTED or match_.person_id is None:
        raise WorkflowError(_("Accept a person before contacting them."))
    if match_.contacted_at is not None:
        raise WorkflowError(_("%(name)s has already been contacted.") % {"name": match_.title})
    message = contact_message(match_, actor) if message is None else _text(message)
    match_.contacted_at = timezone.now()
    match_.save(update_fields=["contacted_at"])
    record(
        match_.need,
        EventKind.CONTACTED,
        actor,
        _("%(name)s has been asked to get in touch.") % {"name": match_.title},
        public=True,
    )
    send_to_expert(match_, message, actor)
    move_on(match_.need, MovesOn.CONTACTED, actor)
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
    if response == Response.INTERESTED:
        _ask_attention(match_.need, Attention.INTERESTED)
        notify_handlers(match_.need, "interested", {"match": match_})
    return match_


def _ask_attention(need: Need, attention: str) -> None:
    """Mark the need in its coordinators' inbox and board until each has opened it again."""
    now = timezone.now()
    Need.objects.filter(pk=need.pk).update(attention_at=now, attention=attention)
    need.attention_at, need.attention = now, attention


def mark_seen(need: Need, user: User) -> None:
    """A coordinator opened the need: its news is no longer marked for them."""
    if is_coordinator(user, need.arena):
        NeedSeen.objects.update_or_create(
            need=need, user=user, defaults={"seen_at": timezone.now()}
        )


def person_card(person: Person) -> dict[str, str]:
    """Who a person is, for the e-mail that puts them in touch: name, organisation (with the
    university or other top-level organisation named), role and e-mail."""
    affiliation = (
        person.affiliations.select_related("organization__parent__parent")
        .order_by("-is_primary", "pk")
        .first()
    )
    organization, role = "", ""
    if affiliation is not None:
        unit = top = affiliation.organization
        while top.parent is not None:
            top = top.parent
        organization = str(top) if unit == top else f"{unit}, {top}"
        role = affiliation.title
    return {
        "name": person.full_name,
        "organization": organization,
        "role": role,
        "email": person.email,
        "phone": person.phone,
    }


def submitter_card(need: Need) -> dict[str, str]:
    """Who asked, as the submitter told it, for the people put in touch with them."""
    user = need.submitter
    person = getattr(user, "person", None) if user is not None else None
    role = need.contact_role or (person_card(person)["role"] if person is not None else "")
    return {
        "name": need.contact_name or (user.full_name if user else ""),
        "organization": need.asker,
        "role": role,
        "email": _submitter_address(need),
        "phone": need.contact_phone,
    }


def _submitter_address(need: Need) -> str:
    return need.submitter.email if need.submitter_id else need.contact_email


@transaction.atomic
def hand_over(need: Need, matches: Iterable[NeedMatch], actor: User) -> list[NeedMatch]:
    """Put the submitter and the chosen people (accepted, and interested) in touch in one step:
    each gets an e-mail with the other's name, organisation, role and e-mail, the submitter's
    page lists them, and the history says so. People already put in touch are not written to
    again."""
    _lock(need)
    _require_coordinator(actor, need)
    chosen = [
        found
        # Lock the suggestions only: PostgreSQL refuses to lock the nullable side of the join.
        for found in NeedMatch.objects.select_for_update(of=("self",))
        .filter(pk__in=[m.pk for m in matches], need=need)
        .select_related("person")
        if found.introduced_at is None
    ]
    if not chosen:
        raise WorkflowError(_("Choose the people to put in touch."))
    for found in chosen:
        if (
            found.decision != Decision.ACCEPTED
            or found.person_id is None
            or found.response != Response.INTERESTED
        ):
            raise WorkflowError(
                _("%(name)s has not said yes: only interested people can be put in touch.")
                % {"name": found.title}
            )
    now = timezone.now()
    NeedMatch.objects.filter(pk__in=[m.pk for m in chosen]).update(introduced_at=now)
    asker = submitter_card(need)
    people = [person_card(found.person) for found in chosen]
    coordinator = signature(actor, need.arena)
    _send(
        "introduction",
        asker["email"],
        {"need": need, "people": people, "coordinator": coordinator, "url": submitter_url(need)},
    )
    for person in people:
        if person["email"]:
            _send(
                "introduction_expert",
                person["email"],
                {"need": need, "asker": asker, "person": person, "coordinator": coordinator},
            )
    names = ", ".join(person["name"] for person in people)
    record(
        need,
        EventKind.INTRODUCED,
        actor,
        _("You have been put in touch with %(names)s.") % {"names": names},
        public=True,
        notify=False,
    )
    move_on(need, MovesOn.CONTACTED, actor)
    return chosen


@transaction.atomic
def submitter_reply(need: Need, text: str, actor: AnyUser, token: str = "") -> NeedEvent:
    """The submitter adds to the need or answers a question, on the need's page: as its
    submitter (or a partner user of the asking organisation), or through their signed link
    (``token``). The coordinators see it in the history and marked in the inbox."""
    _lock(need)
    by_link = False
    if token:
        try:
            by_link = need_from_follow_token(token).pk == need.pk
        except ConfirmationError:
            by_link = False
    if not (by_link or is_submitter_side(actor, need)) or need.status != Status.OPEN:
        raise WorkflowError(_("Only the need's submitter can reply here."))
    if need.is_closed:
        raise WorkflowError(_("The need is closed. Write to the coordinator instead."))
    event = record(need, EventKind.REPLY, actor, _text(text), public=True, notify=False)
    _ask_attention(need, Attention.REPLY)
    notify_handlers(need, "reply", {"event": event})
    return event


def resend_links(address: str) -> int:
    """E-mail the links to follow the open needs sent from an address, when there are any.
    Returns how many; the page says the same either way, so nobody learns whether an address
    has sent a need."""
    address = address.strip()
    needs = list(
        Need.objects.filter(status=Status.OPEN, state__is_terminal=False)
        .filter(
            Q(submitter__isnull=True, contact_email__iexact=address)
            | Q(submitter__email__iexact=address)
        )
        .select_related("submitter")
        .order_by("-submitted_at")
    )
    if needs:
        _send(
            "links",
            address,
            {"links": [(need, submitter_url(need)) for need in needs]},
            translation.get_language() or "sv",
        )
    return len(needs)


@transaction.atomic
def close_as_collaboration(
    need: Need, actor: User, form: CollaborationForm | None = None
) -> Collaboration:
    """Close the need as a collaboration that carries over its text, parties, people and goals.
    It is a draft: the coordinator checks it (``publish_collaboration``) before anybody else
    sees it."""
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
        collaboration = collaboration_draft(actor, data, proposed_by=need.submitter)
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


def has_consent(person: Person) -> bool:
    """Whether the person agreed to be named publicly (consent recorded on their profile)."""
    profile = getattr(person, "profile", None)
    return profile is not None and profile.consent_at is not None


@transaction.atomic
def publish_collaboration(
    need: Need,
    actor: User,
    *,
    title_sv: str,
    title_en: str = "",
    starts_on=None,
    ends_on=None,
    parties: Iterable[Organization],
    people: Iterable[Person],
) -> Collaboration:
    """Publish the draft collaboration a need became, as the coordinator checked it: the title,
    the period, which of the parties and which people it names. Only people who agreed to be
    named publicly may be listed."""
    _lock(need)
    _require_coordinator(actor, need)
    collaboration = need.collaboration
    if collaboration is None:
        raise WorkflowError(_("The need has not become a collaboration."))
    if collaboration.review == Review.APPROVED:
        raise WorkflowError(_("The collaboration is already published."))
    people = list(people)
    if unnamed := [person for person in people if not has_consent(person)]:
        raise WorkflowError(
            _("%(name)s has not agreed to be named publicly.") % {"name": unnamed[0]}
        )
    roles = dict(collaboration.parties.values_list("organization_id", "role"))
    chosen = [(party, roles[party.pk]) for party in parties if party.pk in roles]
    try:
        collaboration = collaboration_update(
            actor,
            collaboration,
            title_sv=clean_title(title_sv),
            title_en=clean_title(title_en),
            starts_on=starts_on,
            ends_on=ends_on,
            parties=chosen,
            people=people,
        )
    except ValidationError as error:
        raise WorkflowError(error.messages[0]) from error
    collaboration = collaboration_approve(actor, collaboration)
    record(
        need,
        EventKind.UPDATE,
        actor,
        _("The collaboration is published: %(title)s") % {"title": collaboration.title},
        public=True,
    )
    return collaboration


def _parties(need: Need, accepted: list[NeedMatch]) -> dict[Organization, str]:
    """The asking organisation leads; the top-level organisations of the chosen people join."""
    parties: dict[Organization, str] = {}
    if need.organization is not None:
        parties[need.organization] = PartyRole.LEAD
    for found in accepted:
        for affiliation in found.person.affiliations.select_related("organization__parent__parent"):
            organization = affiliation.organization.top
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


def _send(template: str, to: str, context: dict, language: str = "sv") -> None:
    send_templated(f"needs/email/{template}", to, context, language)


def send_confirmation(need: Need) -> None:
    url = absolute(reverse("needs:confirm", kwargs={"token": confirmation_token(need)}))
    _send("confirm", need.contact_email, {"need": need, "url": url, "days": CONFIRM_DAYS})


def notify_coordinators(need: Need) -> None:
    url = absolute(need.get_absolute_url())
    for email in need.arena.coordinators.values_list("email", flat=True):
        _send("new_need", email, {"need": need, "url": url})


def handlers(need: Need) -> list[str]:
    """Who hears about news on a need: its coordinator, or the arena's when nobody has it."""
    if need.assignee_id and need.assignee.is_active:
        return [need.assignee.email]
    return list(need.arena.coordinators.values_list("email", flat=True))


def notify_handlers(need: Need, template: str, context: dict) -> None:
    url = absolute(need.get_absolute_url())
    for email in handlers(need):
        _send(template, email, {"need": need, "url": url, **context})


def signature(actor: User, arena: Arena) -> dict[str, str]:
    """How a coordinator signs: name, role and arena, and how to reach them."""
    person = getattr(actor, "person", None)
    role = person_card(person)["role"] if person is not None else ""
    return {
        "name": actor.full_name or actor.email,
        "role": role or _("Coordinator"),
        "arena": str(arena),
        "email": actor.email,
    }


def notify_submitter(need: Need, events: list[NeedEvent]) -> None:
    """Public changes, at once or as the day's summary; internal lines are never sent."""
    events = [event for event in events if event.is_public]
    address = _submitter_address(need)
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


def send_to_expert(match_: NeedMatch, message: str, actor: User) -> None:
    email = match_.person.email if match_.person else ""
    if not email:
        return
    token = answer_token(match_)
    context = {
        "need": match_.need,
        "match": match_,
        "message": message,
        "coordinator": signature(actor, match_.need.arena),
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
