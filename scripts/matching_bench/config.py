"""What the benchmark measures, from the environment (``make bench`` uses the defaults)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
SIZES = [
    int(size) for size in os.environ.get("BENCH_MATCHING_SIZES", "1000,10000,50000").split(",")
]
QUERIES = int(os.environ.get("BENCH_MATCHING_QUERIES", "200"))
REINDEXED = int(os.environ.get("BENCH_MATCHING_REINDEX", "50"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
RESULT = os.environ.get("BENCH_RESULT") or (
    "matching-postgresql.json" if DATABASE_URL else "matching.json"
)
TARGET_P95_MS = 50.0
TOP = 10
WARMUP = 5
# Calls whose steps are timed one by one (``match(..., timings=...)``) at each size.
BREAKDOWN_CALLS = min(QUERIES, 100)
CONTENDED_QUERIES = 20
