"""The ``samverkan`` command: Django's management commands with the product's names.

``samverkan import experts FILE`` runs the ``import_data`` management command, ``samverkan
sdg-suggest`` runs ``sdg_suggest``; every other Django command (``migrate``, ``createsuperuser``...)
works under its own name.
"""

import os
import sys

ALIASES = {
    "import": "import_data",
    "export": "export_data",
    "sdg-suggest": "sdg_suggest",
    "needs-digest": "needs_digest",
}


def main(argv: list[str] | None = None, prog: str = "samverkan") -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings.development")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    try:
        execute_from_command_line([prog, *args])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    finally:
        _finish_index_updates()
    return 0


def _finish_index_updates() -> None:
    """Let index updates queued by a command (an import, the demo) finish before it exits."""
    from django.apps import apps

    if apps.ready:
        from samverkan.matching.indexing import wait_for_updates

        wait_for_updates()
