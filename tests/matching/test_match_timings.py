"""``match`` can say where its time goes (for the benchmark) without changing what it finds."""

import time

from samverkan.matching import embeddings
from samverkan.matching.services import match

TEXT = "vi har svårt att behålla undersköterskor i hemtjänsten"


def test_timing_a_match_changes_nothing_and_names_each_step(db):
    untimed = match(TEXT)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    timed = match(TEXT, timings=timings)
    elapsed = time.perf_counter() - start
    assert [(r.kind, r.id, r.score) for r in timed.results] == [
        (r.kind, r.id, r.score) for r in untimed.results
    ]
    steps = {"index version", "prepare", "lexical score", "z-scores", "candidates"}
    steps |= {"permission check", "explanations", "closest sentences"}
    if embeddings.available():
        steps.add("dense scan")
    assert steps <= set(timings)
    assert all(seconds >= 0 for seconds in timings.values())
    assert sum(timings.values()) <= elapsed


def test_timings_add_up_over_calls(db):
    timings: dict[str, float] = {}
    match(TEXT, kinds=["expert"], timings=timings)
    once = dict(timings)
    match(TEXT, kinds=["expert"], timings=timings)
    assert all(timings[step] >= once[step] for step in once)
