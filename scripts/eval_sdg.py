"""SDG suggestion quality: micro precision, recall and F1 of the suggested goal sets.

Runs ``samverkan.matching.goals`` on every expert profile of
``eval/data/matching-dev/experts.jsonl`` (title, keywords and expertise) against its labelled goals.
The rules were tuned on the even-numbered lines (2, 4, ..., counting from 1), so the odd-numbered
lines are the honest figure; both halves and the whole set are printed for the mode in use. The
goals of similar labelled content count as evidence (see ``samverkan.matching.goals``); here that
content is the tuning half, so no held-out profile ever learns from its own label. Printed (dense +
lexical when the embedding package is installed, otherwise lexical-only;
``SAMVERKAN_MATCHING_DENSE=off`` forces the latter).

``--tune`` searches the rule grid on the even lines and prints the best rule instead of using the
one in ``RULES``; ``--json`` also writes the numbers to ``var/bench/sdg-eval.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PROFILES = ROOT / "eval" / "data" / "matching-dev" / "experts.jsonl"
OUTPUT = ROOT / "var" / "bench" / "sdg-eval.json"


def scores(predicted: list[set[int]], labels: list[set[int]]) -> dict[str, float]:
    hits = sum(len(p & gold) for p, gold in zip(predicted, labels, strict=True))
    suggested = sum(len(p) for p in predicted)
    wanted = sum(len(gold) for gold in labels)
    precision = hits / suggested if suggested else 0.0
    recall = hits / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "profiles": len(labels)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="search the rule on the even lines")
    parser.add_argument("--json", action="store_true", help=f"also write {OUTPUT.name}")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings.development")
    import django

    django.setup()
    from samverkan.matching import embeddings
    from samverkan.matching.goals import RULES, Pool, Rule, decide, evidence

    profiles = [json.loads(line) for line in PROFILES.read_text().splitlines() if line.strip()]
    texts = [f"{p['title']}. {', '.join(p['keywords'])}. {p['expertise']}" for p in profiles]
    labels = [set(p["sdgs"]) for p in profiles]
    tune_half = range(1, len(profiles), 2)  # line numbers 2, 4, ...
    held_out = range(0, len(profiles), 2)
    pool = Pool(np.zeros((0, embeddings.DIMENSIONS)), [])
    if embeddings.available():
        vectors = np.vstack([embeddings.query_vector(texts[i]) for i in tune_half])
        pool = Pool(vectors, [frozenset(labels[i]) for i in tune_half])
    found = [evidence(text, pool) for text in texts]
    mode = found[0].mode

    def measure(rule: Rule, lines: range) -> dict[str, float]:
        return scores(
            [{g for g, _ in decide(found[i], rule)} for i in lines], [labels[i] for i in lines]
        )

    rule = RULES[mode]
    if args.tune:
        grid = itertools.product(
            [0.5, 1.0, 2.0, 3.0, 4.0, 6.0] if mode == "dense" else [1.0],
            [step / 10 for step in range(0, 60)],
            [1.0, 1.5, 2.0, 2.5, 3.0, 99.0],
            [1, 2, 3, 4],
        )
        rule = max((Rule(*values) for values in grid), key=lambda r: measure(r, tune_half)["f1"])
        print(f"Best rule on the tuning half: {rule}")

    report = {
        "mode": mode,
        "rule": rule.__dict__,
        "tune (even lines)": measure(rule, tune_half),
        "held out (odd lines)": measure(rule, held_out),
        "all": measure(rule, range(len(profiles))),
    }
    print(f"SDG suggestions, {mode} mode ({len(profiles)} expert profiles, micro-averaged)")
    for name in ("tune (even lines)", "held out (odd lines)", "all"):
        row = report[name]
        print(
            f"  {name:<22} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
            f"  (n={row['profiles']})"
        )
    if args.json:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(json.dumps(report, indent=2) + "\n")
        print(f"Written to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
