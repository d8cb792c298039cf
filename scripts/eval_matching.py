"""``make eval``: ranking quality on the development set, through the public ``match`` path.

Imports ``eval/data/matching-dev/experts.jsonl`` into a fresh database with ``samverkan import
experts``, asks ``match`` for each need and prints nDCG@10, P@5, MRR and Recall@20 for lexical-only,
dense-only and hybrid ranking, and of the first ten what a person is shown (``worth_showing``: weak
suggestions left out): its precision and how many are shown on average. The numbers are also
written to ``var/bench/eval.json``.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "eval" / "data" / "matching-dev"


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    gain = sum(
        (2 ** relevant.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:k])
    )
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return gain / best if best else 0.0


def metrics(ranked: list[str], shown: list[str], relevant: dict[str, int]) -> dict[str, float]:
    """The ranking's measures, and those of ``shown``: what a person sees of the first ten."""
    first = next((rank for rank, key in enumerate(ranked) if key in relevant), None)
    return {
        "nDCG@10": ndcg(ranked, relevant),
        "P@5": sum(key in relevant for key in ranked[:5]) / 5,
        "MRR": 1 / (first + 1) if first is not None else 0.0,
        "Recall@20": sum(key in relevant for key in ranked[:20]) / len(relevant),
        "P shown": sum(key in relevant for key in shown) / len(shown) if shown else 0.0,
        "shown": len(shown),
    }


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-eval-"))
    os.environ["SAMVERKAN_DATA_DIR"] = str(workdir)
    os.environ.setdefault(
        "SAMVERKAN_EMBEDDING_CACHE", str(ROOT / "var" / "cache" / "embeddings.sqlite3")
    )
    # SQLite in a fresh directory, or an empty database given as EVAL_DATABASE_URL (PostgreSQL).
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("EVAL_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["EVAL_DATABASE_URL"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "samverkan.settings.development"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from samverkan.matching import embeddings
    from samverkan.matching.engine import WEIGHTS
    from samverkan.matching.services import match, worth_showing
    from samverkan.places.models import Municipality

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("import_data", "experts", str(DATA / "experts.jsonl"), verbosity=0)
    indexed = time.perf_counter() - started
    needs = [json.loads(line) for line in (DATA / "needs.jsonl").read_text().splitlines() if line]
    counties = dict(Municipality.objects.values_list("name", "county__code"))
    # The lexical row is the real fallback mode: no vectors anywhere, goals suggested by keywords.
    modes = {"lexical-only": (WEIGHTS, "off")}
    if embeddings.available():
        modes["dense-only"] = (WEIGHTS.dense_only(), "auto")
        modes["hybrid"] = (WEIGHTS, "auto")
    else:
        print("The embedding package is not installed: only the lexical row can be measured.")
    from samverkan.directory.models import ExpertProfile

    external = dict(ExpertProfile.objects.values_list("pk", "person__external_id"))
    report: dict[str, dict[str, float]] = {}
    for name, (weights, dense) in modes.items():
        totals: dict[str, float] = {}
        embeddings._model.cache_clear()
        settings.SAMVERKAN_MATCHING_DENSE = dense
        for need in needs:
            county = counties.get(need.get("municipality", ""))
            found = match(
                need["text"],
                kinds=["expert"],
                top=20,
                counties=frozenset([county]) if county else frozenset(),
                weights=weights,
                user=_evaluator(),
            )
            ranked = [external[result.id] for result in found.results]
            shown = [external[result.id] for result in worth_showing(found.results[:10])]
            for key, value in metrics(ranked, shown, need["relevant"]).items():
                totals[key] = totals.get(key, 0.0) + value
        report[name] = {key: value / len(needs) for key, value in totals.items()}
    print(
        f"{len(needs)} needs, {ExpertProfile.objects.count()} experts "
        f"(imported and indexed in {indexed:.1f} s)"
    )
    print(f"{'ranking':<14}" + "".join(f"{key:>11}" for key in next(iter(report.values()))))
    for name, values in report.items():
        print(f"{name:<14}" + "".join(f"{value:>11.3f}" for value in values.values()))
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "eval.json").write_text(json.dumps({"needs": len(needs), "results": report}, indent=2))
    return 0


def _evaluator():
    """A system admin sees every profile, so visibility rules do not hide judged experts."""
    from samverkan.accounts.models import User

    user, _ = User.objects.get_or_create(email="eval@example.se", defaults={"is_superuser": True})
    return user


if __name__ == "__main__":
    sys.exit(main())
