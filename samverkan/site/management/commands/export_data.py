"""``samverkan export KIND [--format csv|jsonl|xlsx] [-o FILE]``."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.kernel.exporting import (
    EXPORTERS,
    FORMATS,
    rows_of,
    write_csv,
    write_jsonl,
    write_xlsx,
)


class Command(BaseCommand):
    help = "Export organisations, people or experts with the same columns as the imports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(EXPORTERS))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(
        self, *args: object, kind: str, format: str, output: Path | None, **options: object
    ) -> None:
        columns, rows = rows_of(kind)
        if format == "xlsx":
            if output is None:
                raise CommandError("XLSX is a binary format: give a file with -o FILE.")
            with output.open("wb") as handle:
                count = write_xlsx(columns, rows, handle)
        else:
            writer = write_csv if format == "csv" else write_jsonl
            if output is None:
                count = writer(columns, rows, self.stdout)
            else:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    count = writer(columns, rows, handle)
        sys.stderr.write(f"{kind}: {count} exported\n")
