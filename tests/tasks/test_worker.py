"""Real ``samverkan worker`` processes against a real database (a SQLite file, PostgreSQL on
127.0.0.1): no job is lost when the process that wrote it dies, none runs twice, and one that
keeps failing ends as failed."""

import json
import socket
import subprocess
import sys

from samverkan.kernel import schedule
from tests.tasks.conftest import ROOT, Installation, wait_for

READY, SUCCESSFUL, FAILED = "READY", "SUCCESSFUL", "FAILED"
INDEX_JOB = "samverkan.matching.indexing.update_index"
MAIL_JOB = "samverkan.kernel.mail.send_email"
NOTE_JOB = "tests.tasks.jobs.note"


def jobs(site: Installation, task_path: str) -> list[tuple[str, str]]:
    return site.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        task_path,
    )


def test_a_change_whose_process_was_killed_right_after_the_commit_is_indexed_by_a_worker(
    installation: Installation,
):
    path = installation.data_dir / "organisations.jsonl"
    path.write_text(json.dumps({"external_id": "k-1", "name": "Dödstöten AB"}) + "\n")
    killed = installation.python(f"""
        import os, signal
        from pathlib import Path
        from samverkan.kernel.importing import run_import
        assert run_import("organizations", Path({str(path)!r})).ok
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert killed.returncode == -9, killed.stderr
    indexed = "SELECT count(*) FROM matching_document WHERE title = ?"
    assert installation.query(indexed, "Dödstöten AB") == [(0,)]
    assert [status for status, _ in jobs(installation, INDEX_JOB)] == [READY]
    with installation.workers():
        wait_for(lambda: installation.query(indexed, "Dödstöten AB") == [(1,)])
    assert [status for status, _ in jobs(installation, INDEX_JOB)] == [SUCCESSFUL]


def test_the_organisations_loaded_by_migrations_are_indexed(installation: Installation):
    """The universities come with the migrations, whose data does not pass the model signals."""
    [(organisations,)] = installation.query("SELECT count(*) FROM directory_organization")
    indexed = "SELECT count(*) FROM matching_document WHERE kind = 'organization'"
    assert organisations > 40
    assert installation.query(indexed) == [(organisations,)]


SUBMIT_NEED = """
    import json
    from django.test import Client
    from samverkan.arenas.models import Arena
    from samverkan.directory.models import Organization
    Arena.objects.create(name_sv="Provarenan", slug="provarenan", host=Organization.objects.first())
    need = {
        "text": "Vi behöver hjälp att planera äldreomsorgen i en växande kommun.",
        "organization_name": "Borås stad", "municipality": "1490",
        "contact_name": "Eva Ek", "contact_email": "eva.ek@example.se", "consent": True,
        "forms_unknown": True,
    }
    response = Client(HTTP_HOST="localhost").post(
        "/api/v1/needs", json.dumps(need), content_type="application/json"
    )
    assert response.status_code == 201, response.content
"""


def test_a_need_sent_while_no_worker_runs_gets_its_email_and_index_update_when_one_starts(
    installation: Installation,
):
    sent = installation.python(SUBMIT_NEED)
    assert sent.returncode == 0, sent.stderr
    assert [status for status, _ in jobs(installation, MAIL_JOB)] == [READY]
    assert READY in {status for status, _ in jobs(installation, INDEX_JOB)}
    assert "eva.ek@example.se" not in installation.mail()
    with installation.workers():
        wait_for(lambda: "eva.ek@example.se" in installation.mail())
        wait_for(lambda: {status for status, _ in jobs(installation, INDEX_JOB)} == {SUCCESSFUL})
    assert [status for status, _ in jobs(installation, MAIL_JOB)] == [SUCCESSFUL]


def test_two_workers_run_200_jobs_each_exactly_once(postgres_installation: Installation):
    site = postgres_installation
    runs = site.data_dir / "runs.txt"
    with site.workers(count=2):
        enqueued = site.python(f"""
            from django.db import transaction
            from tests.tasks.jobs import note
            with transaction.atomic():
                for number in range(200):
                    note.enqueue(number, {str(runs)!r})
        """)
        assert enqueued.returncode == 0, enqueued.stderr
        wait_for(lambda: len(runs.read_text().splitlines()) >= 200, context=site.logs)
        wait_for(lambda: [status for status, _ in jobs(site, NOTE_JOB)] == [SUCCESSFUL] * 200)
    lines = [line.split() for line in runs.read_text().splitlines()]
    assert sorted(int(number) for number, _pid in lines) == list(range(200))
    assert len({pid for _number, pid in lines}) == 2
    assert all(len(_json(worker_ids)) == 1 for _status, worker_ids in jobs(site, NOTE_JOB))


def _json(value: object) -> list:
    return json.loads(value) if isinstance(value, str) else value


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mail_to_an_smtp_server_that_is_down_is_retried_then_ends_failed(
    sqlite_installation: Installation,
):
    site = sqlite_installation
    smtp_down = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(closed_port()),
        "SAMVERKAN_MAIL_ATTEMPTS": "3",
        "SAMVERKAN_MAIL_RETRY_SECONDS": "0.3",
    }
    enqueued = site.python(
        """
        from samverkan.kernel.mail import send_email
        send_email.enqueue("Ämne", "Text", ["anna@example.se"])
        """
    )
    assert enqueued.returncode == 0, enqueued.stderr
    with site.workers(**smtp_down):
        # Between two attempts the row is briefly failed before it is put back on the queue, so
        # the end is a failed row that three attempts ran.
        wait_for(
            lambda: (
                [(status, len(_json(ids) or [])) for status, ids in jobs(site, MAIL_JOB)]
                == [(FAILED, 3)]
            ),
            context=site.logs,
        )
    [(error,)] = site.query(
        "SELECT exception_class_path FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        MAIL_JOB,
    )
    assert error == "builtins.ConnectionRefusedError"


def test_two_schedulers_at_once_enqueue_each_periodic_job_once(installation: Installation):
    both = [
        subprocess.Popen(
            [sys.executable, "-m", "samverkan", "schedule"],
            env=installation.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in both]
    assert [process.returncode for process in both] == [0, 0]
    names = list(schedule.registered())  # in the order the scheduler enqueues them
    assert sorted(outputs) == [f"Enqueued: {', '.join(names)}.\n", "Enqueued: nothing due.\n"]
    assert sorted(installation.query("SELECT job FROM kernel_periodicrun")) == [
        (name,) for name in sorted(names)
    ]
    assert len(jobs(installation, "samverkan.needs.jobs.send_digests")) == 1
