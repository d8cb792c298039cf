"""Commands that are a user's first step (``serve``, ``demo``, ``import``) set up the database
themselves instead of stopping with a missing table."""

from typing import TextIO

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_if_needed(stdout: TextIO) -> bool:
    """Apply pending migrations; returns whether there were any."""
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    stdout.write("Applying database migrations…\n")
    call_command("migrate", interactive=False, verbosity=0)
    return True
