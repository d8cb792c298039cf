"""``samverkan worker``: run background jobs (index updates, e-mail, periodic jobs) until stopped.

It is django-tasks-db's ``db_worker`` with the product's defaults: no code reloading (a worker
that restarts in the middle of a job would run it twice), every queue. Run as many as you like, on
as many machines as share the database: each job is taken by exactly one of them
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite).
"""

from argparse import ArgumentParser

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from samverkan.kernel.tasks import jobs_in_database


class Command(DatabaseWorker):
    help = (
        "Run background jobs until stopped (SIGTERM or Ctrl+C finishes the current job first). "
        "--batch runs what is due and exits; --max-tasks N exits after N jobs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, queue_name="*")

    def handle(self, *args: object, **options: object) -> None:
        if not jobs_in_database():
            raise CommandError(
                "Jobs run at once with this TASKS backend; there is nothing for a worker to do."
            )
        super().handle(*args, **options)
