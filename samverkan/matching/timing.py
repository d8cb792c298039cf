"""Where the time of a ``match`` goes: ``match(text, timings={})`` fills the dictionary with the
seconds of each step, so the benchmark measures the code every request runs."""

from __future__ import annotations

import time


class Stopwatch:
    """Adds the time since the previous lap to ``timings[step]``: with a lap after each step the
    steps' times add up to the whole call. Without a collector it does nothing."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter() if timings is not None else 0.0

    def lap(self, step: str) -> None:
        if self.timings is None:
            return
        now = time.perf_counter()
        self.timings[step] = self.timings.get(step, 0.0) + now - self.last
        self.last = now

    def restart(self) -> None:
        """Start the next step now: the time since the last lap was counted elsewhere."""
        if self.timings is not None:
            self.last = time.perf_counter()
