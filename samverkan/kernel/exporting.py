"""Exports in CSV, JSON Lines and XLSX, with the same column names as the imports so that an
exported file can be edited and imported again."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO

from django.utils.module_loading import import_string
from openpyxl import Workbook

EXPORTERS = {
    "organizations": "samverkan.directory.exporters.organization_rows",
    "people": "samverkan.directory.exporters.person_rows",
    "experts": "samverkan.directory.exporters.expert_rows",
    "collaborations": "samverkan.collaborations.importers.collaboration_rows",
}
FORMATS = ("csv", "jsonl", "xlsx")


def rows_of(kind: str) -> tuple[list[str], Iterator[dict]]:
    """The column names and the rows of an export kind."""
    columns, rows = import_string(EXPORTERS[kind])()
    return columns, rows


def _flat(value: object) -> object:
    """Lists become ``a;b`` in CSV and XLSX cells, as the importers expect."""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return "" if value is None else value


def write_csv(columns: list[str], rows: Iterable[dict], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: _flat(value) for key, value in row.items()})
        count += 1
    return count


def write_jsonl(columns: list[str], rows: Iterable[dict], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps({key: row[key] for key in columns}, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_xlsx(columns: list[str], rows: Iterable[dict], out: IO[bytes]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("export")
    sheet.append(columns)
    count = 0
    for row in rows:
        sheet.append([_flat(row[key]) for key in columns])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    out.write(buffer.getvalue())
    return count
