"""Demo needs: about sixty needs from West Swedish municipalities in every state, each with the
history a real one would have (sent, suggestions decided, people contacted, updates, notes).

They are made through the workflow's own functions, so the suggestions are the engine's, and then
dated back so the inbox shows needs of different ages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import Organization
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


TEMPLATES = (
    Template(
        "Behålla undersköterskor i hemtjänsten",
        "Vi har svårt att behålla undersköterskor i hemtjänsten. Många slutar efter ett år och "
        "vi hinner aldrig introducera de nya ordentligt. Vi vill förstå varför de slutar och "
        "pröva ett bättre sätt att ta emot nyanställda.",
        ("joint-research", "commissioned-education"),
        (3, 8),
    ),
    Template(
        "Minska matsvinnet i skolköken",
        "Våra skolkök slänger mycket mat, särskilt på fredagar. Vi vill mäta svinnet, förstå "
        "orsakerna och låta eleverna vara med och hitta lösningar.",
        ("student-project", "degree-project"),
        (12, 2, 4),
        True,
    ),
    Template(
        "Skyfall och dagvatten i centrum",
        "Vid kraftiga skyfall svämmar källare och gator över i centrum. Vi behöver kunskap om "
        "hur vi kan fördröja dagvattnet med grönytor och hur vi prioriterar åtgärder.",
        ("joint-research", "degree-project"),
        (11, 13, 6),
        True,
    ),
    Template(
        "Psykisk ohälsa bland unga",
        "Allt fler unga i kommunen söker hjälp för oro och nedstämdhet, och skolkuratorerna "
        "hinner inte med. Vi vill veta vilka tidiga insatser som fungerar i skolan.",
        ("joint-research", "guest-lecture"),
        (3, 4),
    ),
    Template(
        "Kompetensförsörjning i förskolan",
        "Det är svårt att rekrytera förskollärare, och många barnskötare saknar utbildning. Vi "
        "söker en utbildning som går att läsa parallellt med arbetet.",
        ("commissioned-education", "skills-development"),
        (4, 8),
    ),
    Template(
        "Energieffektivisering i äldre skolbyggnader",
        "Flera av våra skolor från sjuttiotalet drar mycket energi. Vi vill ha hjälp att se "
        "vilka åtgärder som ger mest effekt för pengarna.",
        ("degree-project", "innovation-support"),
        (7, 13, 11),
        True,
    ),
    Template(
        "Integration av nyanlända på arbetsmarknaden",
        "Många nyanlända kvinnor står långt från arbetsmarknaden. Vi vill utvärdera vår "
        "språkpraktik och lära av andra kommuners arbete.",
        ("joint-research", "student-project"),
        (8, 10, 5),
    ),
    Template(
        "Digitala trygghetslarm och välfärdsteknik",
        "Vi inför digitala trygghetslarm och vill veta hur äldre och personal upplever "
        "tekniken, och vad som krävs för att den verkligen ska användas.",
        ("degree-project", "joint-research"),
        (3, 9),
    ),
    Template(
        "Levande landsbygd och service",
        "Butiker och skolor i våra mindre orter stänger. Vi vill förstå vad som får unga "
        "familjer att stanna och hur kommunen kan stödja lokal service.",
        ("student-project", "workshop"),
        (11, 8),
        True,
    ),
    Template(
        "Hållbara måltider i äldreomsorgen",
        "Vi vill minska klimatavtrycket i äldreomsorgens måltider utan att de äldre äter "
        "sämre. Hur gör man menyer som är både hållbara och aptitliga?",
        ("degree-project", "guest-lecture"),
        (2, 12, 3),
    ),
    Template(
        "Trafiksäkerhet kring skolor",
        "Föräldrar kör barnen ända fram till skolan och det blir farligt vid lämning. Vi vill "
        "få fler att gå och cykla, och mäta om åtgärderna hjälper.",
        ("student-project", "degree-project"),
        (11, 3),
        True,
    ),
    Template(
        "Ledarskap och arbetsmiljö för chefer i socialtjänsten",
        "Våra enhetschefer i socialtjänsten har stora personalgrupper och hög sjukfrånvaro. Vi "
        "söker stöd i ledarskap och en bättre arbetsmiljö.",
        ("commissioned-education", "skills-development"),
        (8, 3),
    ),
    Template(
        "Cirkulär textil i kommunens verksamheter",
        "Vi köper mycket arbetskläder och textilier. Vi vill pröva återbruk och hitta "
        "samarbetspartner för att ta hand om uttjänta textilier.",
        ("innovation-support", "student-project"),
        (12, 9),
        True,
    ),
    Template(
        "Läsförståelse i lågstadiet",
        "Resultaten i läsförståelse har sjunkit i årskurs tre. Lärarna vill pröva nya "
        "arbetssätt och följa upp dem på ett vetenskapligt sätt.",
        ("joint-research", "municipal-phd"),
        (4,),
    ),
    Template(
        "Biologisk mångfald i tätortsnära skog",
        "Vi förvaltar mycket skog nära bostäder och vill gynna den biologiska mångfalden utan "
        "att friluftslivet tar skada. Vi behöver hjälp att inventera.",
        ("degree-project", "student-project"),
        (15, 11),
        True,
    ),
    Template(
        "Våld i nära relationer",
        "Vi vill förbättra hur socialtjänsten upptäcker och stöttar personer som utsätts för "
        "våld i nära relationer, och utbilda personalen.",
        ("commissioned-education", "joint-research"),
        (5, 16),
    ),
    Template(
        "Kollektivtrafik för pendlare",
        "Många pendlar med bil till jobbet i grannkommunen. Vi vill förstå vad som skulle få "
        "dem att ta bussen eller tåget i stället.",
        ("student-project", "degree-project"),
        (11, 13),
    ),
    Template(
        "Ensamhet bland äldre",
        "Fler äldre bor ensamma och känner sig isolerade, särskilt efter pandemin. Vi vill "
        "hitta sätt att skapa möten mellan generationer.",
        ("student-project", "workshop"),
        (3, 10),
        True,
    ),
    Template(
        "Solenergi på kommunens tak",
        "Vi vill sätta solceller på fler av kommunens byggnader och behöver hjälp att räkna på "
        "lönsamhet och lagring.",
        ("degree-project", "innovation-support"),
        (7, 13),
    ),
    Template(
        "Medborgardialog som når fler",
        "Det är mest samma personer som kommer till våra dialogmöten. Hur når vi unga och "
        "personer som inte talar svenska?",
        ("workshop", "guest-lecture"),
        (16, 10),
    ),
)

SJUHÄRAD = ("1490", "1491", "1463", "1465", "1452", "1443", "1466", "1442")
WEST = ("1480", "1489", "1488", "1487", "1485", "1482", "1481", "1441", "1402", "1415", "1496")
FIRST_NAMES = ("Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Sara", "Mats", "Eva", "Ola")
LAST_NAMES = ("Lind", "Ek", "Berg", "Holm", "Strand", "Nyström", "Wikström", "Sandberg")
# How many needs end in each state (Received, Being prepared, Matched, In dialogue, Became a
# collaboration, Closed without collaboration): sixty in all.
PLAN = (12, 10, 10, 10, 10, 8)
UPDATES = (
    "Tack för ert behov. Vi läser det och återkommer inom en vecka.",
    "Vi har hittat två forskare som arbetar med just detta och frågar dem nu.",
    "En av forskarna vill gärna träffa er. Vi föreslår ett första möte i nästa månad.",
    "Mötet är bokat. Ni får en kallelse direkt från forskaren.",
)
NOTES = (
    "Kolla med kommunens utvecklingsledare först, de har ett liknande projekt.",
    "Liknar behovet från i våras: samma förvaltning, annan enhet.",
    "Forskaren har begränsad tid i vår, föreslå hösten.",
)


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
    with services.silenced():
        for stage, count in enumerate(PLAN):
            for _ in range(count):
                template = TEMPLATES[(number * 7) % len(TEMPLATES)]
                codes = SJUHÄRAD if number % 3 else WEST
                code = codes[number % len(codes)]
                arena = arenas["borås"] if code in SJUHÄRAD else arenas["west"]
                by_partner = code == "1490" and number % 2 == 0
                age = 3 + (number * 37) % 170 + stage * 6
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
        text=template.text,
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
        services.decide(found, decision, coordinator)
    if stage == 5:
        services.close_without_collaboration(
            need,
            coordinator,
            "Vi hittade ingen som kunde ta sig an behovet just nu. Hör gärna av er igen i höst.",
        )
        return
    services.change_state(need, states[2], coordinator, UPDATES[1])
    accepted = [found for found in experts if found.decision == Decision.ACCEPTED]
    for found in accepted:
        services.contact(found, coordinator)
    if stage == 2:
        return
    for index, found in enumerate(accepted):
        answer = Response.INTERESTED if index == 0 else Response.NOT_FOR_ME
        services.respond(found, answer, "Gärna, hör av er." if index == 0 else "")
    services.change_state(need, states[3], coordinator, UPDATES[2])
    services.post_update(need, UPDATES[3], coordinator)
    if stage == 3:
        return
    form = need.forms.order_by("position").first() or forms["student-project"]
    services.close_as_collaboration(need, coordinator, form)


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
