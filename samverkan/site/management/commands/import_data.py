"""``samverkan import KIND FILE``: all-or-nothing import of a CSV or JSON Lines file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.kernel.importing import IMPORTERS, ImportFileError, run_import
from samverkan.matching.indexing import track_updates, wait_for_updates
from samverkan.site.management.database import migrate_if_needed


class Command(BaseCommand):
    help = "Import a CSV or JSON Lines file; nothing is written unless every record is valid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, kind: str, file: Path, **options: object) -> None:
        migrate_if_needed(self.stdout)
        track_updates()
        try:
            report = run_import(kind, file)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(report.errors)} problem(s) in {file}; nothing was imported.", returncode=1
            )
        # What was imported can be found as soon as the command is done, worker or not.
        wait_for_updates()
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS(report.summary()))
