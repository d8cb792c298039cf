"""Background jobs: where they are stored, and retrying those that fail for a passing reason.

Jobs are Django tasks (``django_tasks``). With the database backend a job is a row written in the
caller's transaction, so it commits or rolls back with the data it follows, and ``samverkan
worker`` processes run it. A task decorated with :func:`retry_transient` that meets, say, an SMTP
server that is down is put back on the queue with a growing delay (``run_after``) and ends as
failed, visible in the admin, only after its last attempt.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished

log = logging.getLogger(__name__)
T = TypeVar("T")


def jobs_in_database() -> bool:
    """True when jobs are rows in the product's database (a worker runs them later); False with
    the immediate backend, where enqueuing a job runs it."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def run_here(ids: Iterable[str], poll: float = 0.2) -> None:
    """Run these jobs in this process with the worker's own code (claim, run, record the result),
    unless a worker has taken them; wait for those a worker is running. The command line uses
    it so that its changes are complete when it exits, even where no worker runs."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{os.uname().nodename[:40]}-{os.getpid()}",
        excluded_queue_names=[],
    )
    elsewhere = []
    for job in ids:
        with exclusive_transaction(DBTaskResult.objects.db):
            row = DBTaskResult.objects.ready().filter(id=job).get_locked()
            if row is not None:
                row.claim(worker.worker_id)
        if row is None:
            elsewhere.append(job)
        else:
            worker.run_task(row)
    running = DBTaskResult.objects.filter(id__in=elsewhere, status=TaskResultStatus.RUNNING)
    while running.exists():
        time.sleep(poll)


class RetryLater(Exception):
    """Raised by :func:`retry_transient` when a job is to run again; never seen by a user."""


_retry_at: dict[str, datetime] = {}


def backoff(attempt: int, first: timedelta) -> timedelta:
    """The wait after failed attempt ``attempt`` (1, 2, ...): ``first``, then doubling."""
    return first * 2 ** (attempt - 1)


def retry_transient(
    *errors: type[BaseException], policy: Callable[[], tuple[int, timedelta]]
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Run a ``takes_context`` task again, later, when it raises one of ``errors``.

    ``policy()`` gives the number of attempts and the first delay (read when the job runs, so
    settings apply). After the last attempt the error is raised as it is and the job is marked
    failed. A backend that cannot run a job later (the immediate one, in tests) fails at once.
    """

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def run(context: TaskContext, *args: Any, **kwargs: Any) -> T:
            try:
                return function(context, *args, **kwargs)
            except errors as error:
                result = context.task_result
                attempts, first_delay = policy()
                if context.attempt >= attempts or not result.task.get_backend().supports_defer:
                    raise
                due = timezone.now() + backoff(context.attempt, first_delay)
                _retry_at[result.id] = due
                log.warning(
                    "%s failed (attempt %d of %d), retrying at %s: %s",
                    result.task.name,
                    context.attempt,
                    attempts,
                    due.isoformat(timespec="seconds"),
                    error,
                )
                raise RetryLater(f"attempt {context.attempt} of {attempts} failed") from error

        return run

    return decorate


@receiver(task_finished, dispatch_uid="samverkan-retry-later")
def _put_back_on_queue(sender: type, task_result: Any, **kwargs: object) -> None:
    """The worker has just marked the job failed; a job that asked to run again becomes ready
    at its new time. The row keeps the last error, so an admin can see why it waits."""
    due = _retry_at.pop(str(task_result.id), None)
    if due is None or task_result.status != TaskResultStatus.FAILED:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=due, finished_at=None
    )
