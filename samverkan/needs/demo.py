"""Demo needs: about sixty needs from West Swedish municipalities in every state, each with the
history a real one would have (sent, suggestions decided, people contacted and put in touch,
updates, notes).

Their texts are in ``demo_data/needs.json``; each is tied to its municipality's own places, so no
two read the same. They are made through the workflow's own functions, so the suggestions are the
engine's, and then dated back by how far each has come: a need just received is days old, one
that became a collaboration months.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import Organization
from samverkan.kernel.mail import silenced
from samverkan.kernel.text import ascii_fold
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from . import services
from .models import Decision, Need, NeedEvent, NeedMatch, Notify, Response, Status, Timeframe
from .workflow import ensure_default_states

DEMO_DOMAIN = "kommun.example.se"


@dataclass(frozen=True)
class Template:
    title: str
    text: str
    forms: tuple[str, ...]
    goals: tuple[int, ...]
    public: bool = False


DATA = json.loads((Path(__file__).parent / "demo_data" / "needs.json").read_text("utf-8"))
TEMPLATES = tuple(
    Template(row["title"], row["text"], tuple(row["forms"]), tuple(row["goals"]), row["public"])
    for row in DATA["templates"]
)
SJUHÄRAD = tuple(DATA["municipalities"]["sjuharad"])
WEST = tuple(DATA["municipalities"]["west"])
FIRST_NAMES = tuple(DATA["first_names"])
LAST_NAMES = tuple(DATA["last_names"])
UPDATES = tuple(DATA["updates"])
NOTES = tuple(DATA["notes"])
PLACES = DATA["places"]
LOCAL = tuple(DATA["local"])
# How many needs end in each state (Received, Being prepared, Matched, In dialogue, Became a
# collaboration, Closed without collaboration): sixty in all.
PLAN = (12, 10, 10, 10, 10, 8)
# How many days ago the needs in each state were sent, at least and at most: nobody leaves a need
# in Received for months, and a collaboration takes a while to come about.
AGES = ((1, 12), (5, 30), (14, 60), (30, 100), (60, 180), (30, 150))


def age_in_days(number: int, stage: int) -> int:
    """A spread of plausible ages for the needs of one state."""
    low, high = AGES[stage]
    return low + (number * 37) % (high - low + 1)


def local_text(template: Template, code: str, number: int) -> str:
    """The template's need, told from the municipality's own places."""
    return f"{template.text} {LOCAL[number % len(LOCAL)].format(places=PLACES[code])}"


def load_demo_needs() -> int:
    """Load the demo needs once; a second run changes nothing."""
    if Need.objects.filter(contact_email__endswith=DEMO_DOMAIN).exists():
        return Need.objects.filter(contact_email__endswith=DEMO_DOMAIN).count()
    arenas = {
        "borås": Arena.objects.get(slug="hb-kommunsamverkan"),
        "west": Arena.objects.get(slug="vastsvensk-arena"),
    }
    coordinator = User.objects.get(email="koordinator@example.se")
    partner = User.objects.get(email="partner@example.se")
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=SJUHÄRAD + WEST)}
    organizations = {
        o.municipality.code: o
        for o in Organization.objects.filter(
            municipality__in=municipalities.values()
        ).select_related("municipality")
    }
    forms = {form.slug: form for form in CollaborationForm.objects.all()}
    goals = {goal.number: goal for goal in Goal.objects.all()}
    now = timezone.now()
    number = 0
    with silenced():
        for stage, count in enumerate(PLAN):
            for _ in range(count):
                template = TEMPLATES[(number * 7) % len(TEMPLATES)]
                codes = SJUHÄRAD if number % 3 else WEST
                code = codes[number % len(codes)]
                arena = arenas["borås"] if code in SJUHÄRAD else arenas["west"]
                by_partner = code == "1490" and number % 2 == 0
                age = age_in_days(number, stage)
                with transaction.atomic():
                    need = _make(
                        number,
                        template,
                        municipalities[code],
                        organizations.get(code),
                        arena,
                        forms,
                        goals,
                        partner if by_partner else None,
                    )
                    _history(need, stage, coordinator, forms)
                    _date_back(need, now - timedelta(days=age), now)
                number += 1
    return number


def _make(number, template, municipality, organization, arena, forms, goals, partner) -> Need:
    first, last = FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[number % len(LAST_NAMES)]
    user = partner or AnonymousUser()
    need = services.need_create(
        user,
        arena=arena,
        title=template.title,
        text=local_text(template, municipality.code, number),
        organization_name=str(organization) if organization else f"{municipality.name} kommun",
        municipality=municipality,
        forms=[forms[slug] for slug in template.forms if slug in forms],
        forms_unknown=number % 5 == 0,
        timeframe=list(Timeframe.values)[number % len(Timeframe.values)],
        contact_name=f"{first} {last}",
        contact_email=f"{ascii_fold(first)}.{ascii_fold(last)}{number}@{DEMO_DOMAIN}".lower(),
        contact_phone=f"0{31 + number % 5}-{100000 + number * 7919 % 900000}",
        consent=True,
        is_public=template.public,
        notify=Notify.DAILY if number % 4 == 0 else Notify.IMMEDIATE,
    )
    services.need_submit(need, user, goals=[goals[n] for n in template.goals])
    if need.status == Status.UNCONFIRMED:
        need, _opened = services.confirm(services.confirmation_token(need))
    return need


def _history(need: Need, stage: int, coordinator: User, forms) -> None:
    """Walk the need through the workflow up to its stage, as a coordinator would."""
    states = ensure_default_states(need.arena)
    if stage == 0:
        if need.pk % 2:
            services.add_note(need, NOTES[need.pk % len(NOTES)], coordinator)
        return
    services.assign(need, coordinator, coordinator)
    services.change_state(need, states[1], coordinator)
    services.add_note(need, NOTES[need.pk % len(NOTES)], coordinator)
    if stage == 1:
        return
    experts = list(need.matches.filter(kind="expert", person__isnull=False)[:3])
    for index, found in enumerate(experts):
        decision = Decision.REJECTED if index == 2 else Decision.ACCEPTED
        services.decide(found, decision, coordinator)  # the first acceptance: Matched
    if stage == 5:
        services.close_without_collaboration(
            need,
            coordinator,
            DATA["no_collaboration"],
        )
        return
    services.post_update(need, UPDATES[1], coordinator)
    if stage == 2:
        return
    accepted = [found for found in experts if found.decision == Decision.ACCEPTED]
    for found in accepted:
        services.contact(found, coordinator)  # In dialogue
    for index, found in enumerate(accepted):
        answer = Response.INTERESTED if index == 0 else Response.NOT_FOR_ME
        services.respond(found, answer, DATA["answer"] if index == 0 else "")
    interested = [found for found in accepted if found.response == Response.INTERESTED]
    if interested:
        services.hand_over(need, interested, coordinator)
    services.post_update(need, UPDATES[2], coordinator)
    if need.pk % 3:  # the rest show the coordinator their news in the inbox
        services.mark_seen(need, coordinator)
    if stage == 3:
        return
    services.post_update(need, UPDATES[3], coordinator)
    form = need.forms.order_by("position").first() or forms["student-project"]
    collaboration = services.close_as_collaboration(need, coordinator, form)
    if need.pk % 5:  # the rest wait as drafts for the coordinator to check
        services.publish_collaboration(
            need,
            coordinator,
            title_sv=collaboration.title_sv,
            starts_on=collaboration.starts_on,
            parties=[party.organization for party in collaboration.parties.all()],
            people=[p for p in collaboration.people.all() if services.has_consent(p)],
        )


def _date_back(need: Need, sent, now) -> None:
    """Spread the history between the day the need was sent and today."""
    events = list(need.events.order_by("pk"))
    step = (now - sent) / (len(events) + 1)
    for index, event in enumerate(events):
        NeedEvent.objects.filter(pk=event.pk).update(
            created_at=sent + step * index, notified_at=sent + step * index
        )
    last_public = max((sent + step * i for i, e in enumerate(events) if e.is_public), default=sent)
    when = {event.pk: sent + step * index for index, event in enumerate(events)}
    contacted = [e for e in events if e.kind == "contacted"]
    for found, event in zip(
        need.matches.filter(contacted_at__isnull=False), contacted, strict=False
    ):
        answered = when[event.pk] + step / 2 if found.responded_at else None
        NeedMatch.objects.filter(pk=found.pk).update(
            contacted_at=when[event.pk], responded_at=answered
        )
    Need.objects.filter(pk=need.pk).update(
        created_at=sent - timedelta(hours=2),
        submitted_at=sent,
        last_public_update_at=last_public,
        closed_at=now - step if need.closed_at else None,
    )
