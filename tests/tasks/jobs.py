"""A job for the worker tests: it notes each run in a file, so a run twice shows."""

import os
import time

from django_tasks import task


@task
def note(number: int, path: str) -> None:
    time.sleep(0.01)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{number} {os.getpid()}\n")
