"""The benchmark's printed summary (the JSON file has everything)."""

from __future__ import annotations

from typing import Any

from .config import OUT, RESULT, TARGET_P95_MS


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
    print(
        f"\nWhere the time goes at {largest['experts']} experts (hybrid, anonymous, "
        f"as match times its steps; p50 and p95 ms):"
    )
    for name, numbers in largest["breakdown"].items():
        print(f"  {name:<46}{numbers['p50_ms']:>8.2f}{numbers['p95_ms']:>8.2f}")
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
