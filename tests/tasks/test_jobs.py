"""Background jobs in the test process: the immediate backend (as the rest of the suite uses)
and the database backend on the test database, run with the worker's code by ``run_here``."""

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from samverkan.kernel import schedule
from samverkan.kernel.importing import run_import
from samverkan.kernel.mail import send_email
from samverkan.kernel.models import PeriodicRun
from samverkan.kernel.tasks import backoff, run_here
from samverkan.matching import indexing
from samverkan.matching.models import Document
from samverkan.needs.jobs import send_digests
from samverkan.needs.services import need_create, need_submit
from samverkan.places.models import Municipality

INDEX_JOB = "samverkan.matching.indexing.update_index"


@pytest.fixture
def jobs_in_database(settings):
    """Jobs become rows of the test database, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def index_jobs() -> list[list]:
    return [
        row["args"]
        for row in DBTaskResult.objects.filter(task_path=INDEX_JOB).values_list(
            "args_kwargs", flat=True
        )
    ]


def test_changes_in_one_transaction_share_one_index_job_written_with_them(db, jobs_in_database):
    with transaction.atomic():
        indexing.schedule("organization", [3])
        indexing.schedule("organization", [1, 2])
        indexing.schedule("expert", [7])
        assert sorted(index_jobs()) == [["expert", [7]], ["organization", [1, 2, 3]]]


def test_a_rolled_back_change_leaves_no_index_job(db, jobs_in_database):
    with pytest.raises(RuntimeError), transaction.atomic():
        indexing.schedule("organization", [1])
        raise RuntimeError
    assert index_jobs() == []


def test_a_change_rolled_back_to_a_savepoint_takes_only_its_own_ids_out_of_the_index_jobs(
    db, jobs_in_database
):
    with transaction.atomic():
        indexing.schedule("organization", [1])
        with pytest.raises(RuntimeError), transaction.atomic():
            indexing.schedule("organization", [2])
            raise RuntimeError
        indexing.schedule("organization", [3])
    assert sorted(index_jobs()) == [["organization", [1]], ["organization", [3]]]


def organisations_file(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "organisations.jsonl"
    lines = [json.dumps({"external_id": f"t-{n}", "name": name}) for n, name in enumerate(names)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_command_line_runs_its_own_index_jobs_without_a_worker(
    db, jobs_in_database, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(indexing, "_committed", [])
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("organizations", organisations_file(tmp_path, ["Provbolaget AB"]))
    assert report.ok
    [job] = DBTaskResult.objects.filter(task_path=INDEX_JOB)
    assert job.status == TaskResultStatus.READY
    indexing.wait_for_updates()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert Document.objects.filter(kind="organization", title="Provbolaget AB").exists()


def test_mail_is_sent_by_its_job(db):
    send_email.enqueue("Ämne", "Text", ["anna@example.se"])
    assert [(m.subject, m.to) for m in mail.outbox] == [("Ämne", ["anna@example.se"])]


MAIL_JOB = "samverkan.kernel.mail.send_email"


def _send_need_without_an_account(email: str) -> None:
    anonymous = AnonymousUser()
    need = need_create(
        anonymous,
        text="Vi vill minska matsvinnet i skolköken och behöver hjälp att mäta det.",
        organization_name="Alingsås kommun",
        municipality=Municipality.objects.get(code="1489"),
        forms_unknown=True,
        contact_name="Per Lind",
        contact_email=email,
        consent=True,
    )
    need_submit(need, anonymous)


def mail_jobs_to(email: str) -> int:
    return sum(
        email in row["args"][2]
        for row in DBTaskResult.objects.filter(task_path=MAIL_JOB).values_list(
            "args_kwargs", flat=True
        )
    )


def test_a_needs_confirmation_email_job_is_written_in_the_needs_own_transaction(
    db, jobs_in_database
):
    """Written with the need, not after the commit: a process that stops between the commit and
    an after-commit hook would otherwise lose the message."""
    with pytest.raises(RuntimeError), transaction.atomic():
        _send_need_without_an_account("borta@example.se")
        raise RuntimeError
    assert mail_jobs_to("borta@example.se") == 0
    with transaction.atomic():
        _send_need_without_an_account("kvar@example.se")
        assert mail_jobs_to("kvar@example.se") == 1


class ServerDown(BaseEmailBackend):
    def send_messages(self, messages: list) -> int:
        raise ConnectionRefusedError("the SMTP server is down")


def test_mail_that_cannot_be_sent_is_retried_later_then_marked_failed_for_the_admins(
    db, jobs_in_database, settings, client_as
):
    settings.EMAIL_BACKEND = f"{__name__}.ServerDown"
    settings.SAMVERKAN_MAIL_ATTEMPTS = 3
    settings.SAMVERKAN_MAIL_RETRY_SECONDS = 100
    job = send_email.enqueue("Ämne", "Text", ["anna@example.se"]).id
    for attempt in (1, 2):
        before = timezone.now()
        run_here([job])
        row = DBTaskResult.objects.get(id=job)
        assert row.status == TaskResultStatus.READY
        wait = backoff(attempt, timedelta(seconds=100))
        assert before + wait <= row.run_after <= timezone.now() + wait
        assert "the SMTP server is down" in row.traceback
        DBTaskResult.objects.filter(id=job).update(run_after=timezone.now())
    run_here([job])
    row = DBTaskResult.objects.get(id=job)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
    assert len(row.worker_ids) == 3
    with translation.override("sv"):
        failed_jobs = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = client_as("system_admin").get(failed_jobs, {"status__exact": "FAILED"})
    assert page.status_code == 200
    assert "send_email" in page.content.decode()


def test_the_wait_doubles_after_each_failure():
    first = timedelta(minutes=1)
    assert [backoff(n, first) for n in (1, 2, 3)] == [first, 2 * first, 4 * first]


runs: list[str] = []


@task
def count_run() -> None:
    runs.append("run")


@pytest.fixture
def hourly(monkeypatch):
    monkeypatch.setattr(schedule, "_registry", {})
    runs.clear()
    return schedule.register("hourly", count_run, every=timedelta(hours=1))


def local(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def test_a_periodic_job_is_enqueued_once_per_period(db, hourly):
    assert schedule.run_due(local("2026-03-02 10:05")) == ["hourly"]
    assert schedule.run_due(local("2026-03-02 10:55")) == []
    assert schedule.run_due(local("2026-03-02 11:00")) == ["hourly"]
    assert runs == ["run", "run"]
    assert PeriodicRun.objects.filter(job="hourly").count() == 2


def test_a_second_scheduler_in_the_same_period_enqueues_nothing(db, hourly, jobs_in_database):
    """The period's row is the lock: what the second insert of the pair finds."""
    now = local("2026-03-02 10:05")
    assert schedule.run_due(now) == ["hourly"]
    assert schedule.run_due(now) == []
    assert DBTaskResult.objects.filter(task_path__endswith="count_run").count() == 1


def test_the_daily_summary_is_a_registered_job_due_from_five_in_the_afternoon():
    digest = schedule.registered()["needs-digest"]
    assert digest.task is send_digests
    assert digest.period(local("2026-03-02 16:59")) == local("2026-03-01 17:00")
    assert digest.period(local("2026-03-02 17:00")) == local("2026-03-02 17:00")
    assert digest.period(local("2026-03-03 16:59")) == local("2026-03-02 17:00")
