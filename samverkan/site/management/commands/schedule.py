"""``samverkan schedule``: enqueue the periodic jobs that are due (run it every few minutes).

Each job is enqueued once per period however many schedulers run (see
``samverkan.kernel.schedule``); a worker runs it. ``--every SECONDS`` keeps running and checks at
that interval, which is how ``samverkan serve`` runs it on a laptop.
"""

import signal
import time
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from samverkan.kernel.schedule import run_due


class Command(BaseCommand):
    help = "Enqueue the periodic jobs that are due, each exactly once per period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=float, metavar="SECONDS", help="keep running, checking this often"
        )

    def handle(self, *args: object, every: float | None, **options: object) -> None:
        signal.signal(signal.SIGTERM, _stop)
        while True:
            due = run_due()
            if due or not every:
                self.stdout.write(f"Enqueued: {', '.join(due) or 'nothing due'}.")
            if not every:
                return
            close_old_connections()
            time.sleep(every)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
