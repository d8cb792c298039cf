"""The matching benchmark's parts; ``scripts/bench_matching.py`` runs them."""
