"""Exports in CSV, JSON Lines and XLSX, with the same column names as the imports so that an
exported file can be edited and imported again.

A text that begins like a formula (``=1+2``, ``+46…``, ``@SUM(…)``) would be run by a spreadsheet
program that opens the file. XLSX cells are therefore always written as text, and such a CSV value
gets a leading apostrophe, which spreadsheets read as "this is text" and the importers remove.
JSON Lines is data for programs and stays exactly as stored.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

Rows = Callable[[], tuple[list[str], Iterator[dict]]]
# The exports of ``samverkan export KIND``, by kind: each domain registers its own.
EXPORTERS: dict[str, Rows] = {}
FORMATS = ("csv", "jsonl", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def register_exporter(kind: str, rows: Rows) -> None:
    """Offer ``rows()`` (column names, rows) as ``samverkan export <kind>`` (from an
    ``AppConfig.ready()``)."""
    EXPORTERS[kind] = rows


def rows_of(kind: str) -> tuple[list[str], Iterator[dict]]:
    """The column names and the rows of an export kind."""
    return EXPORTERS[kind]()


def _flat(value: object) -> object:
    """Lists become ``a;b`` in CSV and XLSX cells, as the importers expect."""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return "" if value is None else value


def as_text(value: object) -> object:
    """A CSV value that a spreadsheet program reads as text, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def from_text(value: str) -> str:
    """The stored value of a CSV value written by ``as_text``."""
    if value.startswith(TEXT_MARK) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _text_cell(sheet: Worksheet, value: object) -> object:
    """Strings become text cells: openpyxl would store ``=…`` as a live formula."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_csv(columns: list[str], rows: Iterable[dict], out: IO[str]) -> int:
    # RFC 4180 line ends: a value holding a carriage return is then quoted, not split in two.
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: as_text(_flat(value)) for key, value in row.items()})
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
        sheet.append([_text_cell(sheet, _flat(row[key])) for key in columns])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    out.write(buffer.getvalue())
    return count
