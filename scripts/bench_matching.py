"""`make bench` (matching part): index build time, memory and `match` latency at 1k to 50k experts.

The goal measured against: p95 under 50 ms per ``match`` at 50,000 experts, query embedding
included. Each size runs in its own process (a fresh SQLite database in a temporary directory, and
a clean memory baseline), filled directly with synthetic experts (``matching_bench/fill.py``; the
texts come from ``bench_data/``, the vectors are real topic embeddings plus noise).

Only the query is embedded by the real model, since that is part of each request's latency. The
embedding cache is keyed by text, so every timed "new text" query is unique (a varied clause with a
random number); "repeated text" queries measure the path where the cache holds the vector. At each
size ``match`` also reports where its time goes, step by step (its ``timings`` collector).

A last process measures the model alone (passages and queries per second, on a cold cache in a
temporary directory) and ``reindex`` of a few real profiles.

Each size is measured with both lexical indexes (``SAMVERKAN_LEXICAL_INDEX``): posting lists in
the process and the database's own full-text index. With ``BENCH_DATABASE_URL`` pointing at a
PostgreSQL database that may be dropped and created again, the sizes run on PostgreSQL instead,
with whole-text vectors in pgvector where the server has the extension (``BENCH_RESULT`` names
the JSON file then).

Writes ``var/bench/matching.json``. Sizes and query counts can be changed with
``BENCH_MATCHING_SIZES`` (``1000,10000,50000``), ``BENCH_MATCHING_QUERIES`` (200) and
``BENCH_MATCHING_REINDEX`` (50); ``--quick`` runs 1,000 experts with 50 queries and reindexes 10
profiles. Numbers depend on the machine and on what else it runs: the load average at the start
is recorded too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The product's package first: it sets the thread settings (one BLAS thread) that the web process
# runs with, which only take effect before numpy is imported.
import samverkan  # noqa: F401

QUICK = {"BENCH_MATCHING_SIZES": "1000", "BENCH_MATCHING_QUERIES": "50"}
if "--quick" in sys.argv:
    os.environ.update(QUICK, BENCH_MATCHING_REINDEX="10")  # before the configuration is read

# isort: split
from matching_bench import config  # noqa: E402
from matching_bench.measure import measure_embeddings, measure_size  # noqa: E402
from matching_bench.report import print_report  # noqa: E402


def child_env(data_dir: Path, cache: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverkan.settings.development",
        "SAMVERKAN_DATA_DIR": str(data_dir),
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
        cwd=config.ROOT,
    )
    return json.loads(result.read_text())


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def main() -> None:
    cache = Path(
        os.environ.get(
            "SAMVERKAN_EMBEDDING_CACHE", config.ROOT / "var" / "cache" / "embeddings.sqlite3"
        )
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
        "database": "postgresql" if config.DATABASE_URL else "sqlite",
        "queries_per_mode": config.QUERIES,
        "top": config.TOP,
        "vectors": "synthetic: real topic embeddings plus noise, float16",
        "permission_check": "real: Person and ExpertProfile rows (85 % public with consent)",
        "sizes": [],
    }
    for size in config.SIZES:
        print(f"Measuring {size} experts…", flush=True)
        with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as data_dir:
            env = child_env(Path(data_dir), cache)
            if config.DATABASE_URL:
                fresh_postgres(config.DATABASE_URL)
                env["DATABASE_URL"] = config.DATABASE_URL
            report["sizes"].append(run_child(["--size", str(size)], env, Path(data_dir)))
    print("Measuring the embedding model…", flush=True)
    report["embeddings"] = {}
    variants: list[tuple[str, dict[str, str], int]] = [
        ("default threads", {}, config.REINDEXED),
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
        "p95_target_ms": config.TARGET_P95_MS,
        "p95_ms": p95,
        "met": p95 <= config.TARGET_P95_MS,
    }
    report["machine"]["load_average_at_end"] = load_average()
    report["seconds"] = round(time.perf_counter() - started, 1)
    config.OUT.mkdir(parents=True, exist_ok=True)
    (config.OUT / config.RESULT).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_report(report)


def child() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int)
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--reindex", type=int, default=config.REINDEXED)
    parser.add_argument("--result", type=Path, required=True)
    arguments = parser.parse_args()
    if arguments.embeddings:
        result = measure_embeddings(config.QUERIES // 2, arguments.reindex)
    else:
        result = measure_size(arguments.size)
    arguments.result.write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    if "--result" in sys.argv:
        child()
    else:
        main()
