"""``samverkan serve``: migrate when needed, then serve the site with Waitress.

On a laptop it also starts a job worker and the scheduler as child processes and stops them when
it stops, so one command runs everything. In production they are separate services
(``--no-worker`` or ``SAMVERKAN_EMBEDDED_WORKER=false``; docs/deployment.md).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from samverkan.kernel.proxy import waitress_options
from samverkan.kernel.tasks import jobs_in_database
from samverkan.site.management.database import migrate_if_needed

SCHEDULE_EVERY = 300  # seconds between two runs of the embedded scheduler


class Command(BaseCommand):
    help = (
        "Apply pending migrations and serve the site (Waitress, static files by WhiteNoise); "
        "starts a job worker and the scheduler too unless --no-worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--worker",
            action="store_true",
            default=settings.SAMVERKAN_EMBEDDED_WORKER,
            help="start a job worker and the scheduler as child processes (default: "
            "SAMVERKAN_EMBEDDED_WORKER, on)",
        )
        parser.add_argument("--no-worker", action="store_false", dest="worker")

    def handle(
        self, *args: object, host: str, port: int, threads: int, worker: bool, **options: object
    ) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        migrate_if_needed(self.stdout)
        _collect_static_if_missing(self.stdout)
        from waitress import serve

        from samverkan.matching.engine import warm_up
        from samverkan.wsgi import application

        children = _start_children() if worker and jobs_in_database() else []
        signal.signal(signal.SIGTERM, _exit)
        try:
            warm_up()
            for line in describe(children):
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS(f"Serving on http://{host}:{port}/sv/"))
            serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="samverkan",
                **waitress_options(),
            )
        finally:
            _stop(children)


def describe(children: list[subprocess.Popen]) -> list[str]:
    """What an operator must know at start: which settings, whether debug is on, which database,
    where the jobs run and which proxy is believed."""
    database = settings.DATABASES["default"]
    engine = connection.vendor
    name = database["NAME"] if engine == "sqlite" else f"{database['NAME']} on {database['HOST']}"
    if not jobs_in_database():
        jobs = "run at once (immediate backend)"
    elif children:
        pids = ", ".join(str(child.pid) for child in children)
        jobs = f"worker and scheduler started by serve (pids {pids})"
    else:
        jobs = "separate `samverkan worker` and `samverkan schedule` processes"
    proxy = settings.SAMVERKAN_TRUSTED_PROXY
    lines = [
        f"Settings: {settings.SETTINGS_MODULE} (DEBUG {'on' if settings.DEBUG else 'off'})",
        f"Database: {engine} {name}",
        f"Jobs: {jobs}",
        f"Proxy: {f'X-Forwarded-* trusted from {proxy}' if proxy else 'none trusted'}",
        f"Links in e-mails: {settings.SAMVERKAN_SITE_URL} (SAMVERKAN_SITE_URL)",
    ]
    if settings.DEBUG:
        lines.append("WARNING: DEBUG is on. Development only, never for a site others can reach.")
    return lines


def _collect_static_if_missing(stdout: object) -> None:
    """Production settings serve hashed static files from a manifest, which must exist."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in backend or not settings.STATIC_ROOT:
        return
    if Path(settings.STATIC_ROOT, "staticfiles.json").exists():
        return
    stdout.write("Collecting static files…\n")
    call_command("collectstatic", interactive=False, verbosity=0)


def _start_children() -> list[subprocess.Popen]:
    """In their own session, so Ctrl+C reaches only serve, which then stops each child once
    (a second signal would make a worker abandon its job)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    command = [sys.executable, "-m", "samverkan"]
    return [
        subprocess.Popen(
            [*command, "worker", "--no-startup-delay"], env=env, start_new_session=True
        ),
        subprocess.Popen(
            [*command, "schedule", "--every", str(SCHEDULE_EVERY)],
            env=env,
            start_new_session=True,
        ),
    ]


def _exit(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (systemd, the test suite) stops serve like Ctrl+C does, children included."""
    raise SystemExit(0)


def _stop(children: list[subprocess.Popen]) -> None:
    """A worker finishes the job it is running; one that takes too long is killed (its job is
    left as running, visible in the admin)."""
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
