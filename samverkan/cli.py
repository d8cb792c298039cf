"""The ``samverkan`` command: Django's management commands with the product's names.

``samverkan import experts FILE`` runs the ``import_data`` management command, ``samverkan
needs-digest`` runs ``needs_digest``; every other Django command (``migrate``,
``createsuperuser``...) works under its own name. Without ``DJANGO_SETTINGS_MODULE`` the
production settings apply (debug off); ``make run`` chooses the development ones.
"""

import os
import sys

ALIASES = {
    "import": "import_data",
    "export": "export_data",
    "sdg-suggest": "sdg_suggest",
    "needs-digest": "needs_digest",
}
# Commands that run until stopped: their index jobs are the workers' business.
LONG_RUNNING = {"serve", "worker", "schedule", "db_worker", "runserver"}
NOT_MIGRATED = ("no such table", "does not exist")


def main(argv: list[str] | None = None, prog: str = "samverkan") -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings.production")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    finish = bool(args) and args[0] not in LONG_RUNNING
    try:
        if finish:
            _track_index_updates()
        execute_from_command_line([prog, *args])
        if finish:
            _finish_index_updates()
    except SystemExit as exit_:
        if finish and exit_.code in (0, None):
            _finish_index_updates()
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except DatabaseError as error:
        if not any(words in str(error) for words in NOT_MIGRATED):
            raise
        sys.stderr.write(
            "The database has not been set up for this version: "
            f"run `{prog} migrate` first ({str(error).splitlines()[0]}).\n"
        )
        return 1
    return 0


def _track_index_updates() -> None:
    import django

    django.setup()
    from samverkan.matching.indexing import track_updates

    track_updates()


def _finish_index_updates() -> None:
    """The index follows the command's changes before it exits (an import, the demo), whether or
    not a worker runs: the command runs its own index jobs that no worker has taken."""
    from samverkan.matching.indexing import wait_for_updates

    wait_for_updates()
