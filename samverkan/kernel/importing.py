"""All-or-nothing imports of CSV and JSON Lines files.

Every record is validated before anything is written; one bad record means nothing is written and
every problem is reported as ``file:line: field: message``. Each kind of record has an
:class:`Importer` in its own app, registered from its ``AppConfig.ready()`` into ``IMPORTERS``
for the ``samverkan import`` command, so the kernel names no domain app.
"""

import csv
import json
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol

from django.db import transaction
from django.db.models import Model
from pydantic import BaseModel, ValidationError

from samverkan.kernel.exporting import from_text


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    kind: str
    path: str
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = ", ".join(f"{count} {outcome}" for outcome, count in self.counts.items())
        return f"{self.kind}: {counts}"


class ImportFileError(Exception):
    """The file as a whole cannot be read (missing, wrong suffix, broken encoding)."""


class Importer(ABC):
    """Validates one record at a time with ``schema`` and writes validated records in ``apply``.

    ``list_fields`` are split on ``;`` when the file is CSV (JSON Lines carries real lists).
    """

    kind: ClassVar[str]
    schema: ClassVar[type[BaseModel]]
    list_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        """Rules across records (duplicates, references within the file): (line, field, msg)."""
        return []

    @abstractmethod
    def apply(self, record: BaseModel, line: int) -> Outcome:
        """Create or update what the record describes and say which it was."""

    def finish(self) -> None:  # noqa: B027 - an optional hook, empty by design
        """Work that is cheaper once for the whole file (runs inside the transaction)."""


# The importers of ``samverkan import KIND``, by kind: each domain registers its own.
IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(importer: type[Importer]) -> None:
    """Offer ``importer`` as ``samverkan import <kind>``; called from an ``AppConfig.ready()``."""
    IMPORTERS[importer.kind] = importer


class ServiceData(Protocol):
    """What a domain's write service takes: the parsed input, with the service's own checks."""

    def errors(self) -> dict[str, list[str]]: ...


class ServiceImporter(Importer):
    """An importer that writes through a domain's service, so a file obeys the rules of the web
    and the API: every record becomes the service's data (``data_of``) and is checked by it
    before anything is written; a record with a duplicate ``external_id`` is refused.

    ``column_of`` names the file's column for a field of the data, so messages point at it.
    """

    column_of: ClassVar[dict[str, str]] = {}

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report)
        self.data: dict[int, ServiceData] = {}

    @abstractmethod
    def data_of(self, record: Any) -> ServiceData:
        """The record with its references resolved (the schema has checked that they exist)."""

    @abstractmethod
    def existing(self, record: Any, data: Any) -> Model | None:
        """The object the record updates, if there is one."""

    @abstractmethod
    def differs(self, existing: Any, data: Any) -> bool:
        """Whether saving ``data`` would change ``existing``."""

    @abstractmethod
    def save(self, data: Any, existing: Any) -> None:
        """Create or update through the service."""

    def check(self, records: list[tuple[int, BaseModel]]) -> list[tuple[int, str, str]]:
        problems = duplicated_values(records, "external_id")
        for line, record in records:
            self.data[line] = self.data_of(record)
            for name, messages in self.data[line].errors().items():
                problems.extend((line, self.column_of.get(name, name), m) for m in messages)
        return problems

    def apply(self, record: BaseModel, line: int = 0) -> Outcome:
        data = self.data.get(line) or self.data_of(record)
        existing = self.existing(record, data)
        if existing is not None and not self.differs(existing, data):
            return Outcome.UNCHANGED
        self.save(data, existing)
        return Outcome.CREATED if existing is None else Outcome.UPDATED


def duplicated_values(records: list[tuple[int, BaseModel]], key: str) -> list[tuple[int, str, str]]:
    """Every record whose ``key`` value occurs more than once in the file."""
    counts = Counter(getattr(r, key) for _, r in records if getattr(r, key))
    return [
        (line, key, f"{getattr(r, key)!r} appears more than once in the file")
        for line, r in records
        if getattr(r, key) and counts[getattr(r, key)] > 1
    ]


def read_records(path: Path, list_fields: tuple[str, ...] = ()) -> Iterator[tuple[int, Any]]:
    """Yield (line number, raw record) from a .csv or .jsonl file."""
    suffix = path.suffix.lower()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from error
    with handle:
        try:
            if suffix == ".csv":
                reader = csv.DictReader(handle)
                for row in reader:
                    record: dict[str, Any] = {}
                    for key, value in row.items():
                        if key is None:
                            continue
                        value = from_text((value or "").strip())
                        if key in list_fields:
                            record[key] = [
                                item.strip() for item in value.split(";") if item.strip()
                            ]
                        elif value != "":
                            record[key] = value
                    yield reader.line_num, record
            elif suffix in {".jsonl", ".ndjson"}:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        yield number, json.loads(line)
                    except json.JSONDecodeError as error:
                        yield number, error
            else:
                raise ImportFileError(f"{path}: use a .csv or .jsonl file.")
        except UnicodeDecodeError as error:
            raise ImportFileError(f"{path}: the file is not UTF-8 text.") from error
        except csv.Error as error:
            # A broken quote or a field longer than the csv module takes (128 KiB).
            raise ImportFileError(f"{path}: not readable as CSV ({error}).") from error


def _field_name(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "record"


def run_import(kind: str, path: Path) -> ImportReport:
    """Validate every record of ``path``; write all of them in one transaction, or none."""
    importer_class = IMPORTERS[kind]
    report = ImportReport(kind=kind, path=str(path))
    importer = importer_class(report)
    valid: list[tuple[int, BaseModel]] = []
    for line, raw in read_records(path, importer_class.list_fields):
        if isinstance(raw, Exception):
            report.errors.append(RowError(str(path), line, "record", f"not valid JSON ({raw.msg})"))
            continue
        if not isinstance(raw, dict):
            report.errors.append(RowError(str(path), line, "record", "must be a JSON object"))
            continue
        try:
            valid.append((line, importer_class.schema.model_validate(raw)))
        except ValidationError as error:
            for problem in error.errors():
                message = problem["msg"].removeprefix("Value error, ")
                report.errors.append(
                    RowError(str(path), line, _field_name(problem["loc"]), message)
                )
    for line, field_name, message in importer.check(valid):
        report.errors.append(RowError(str(path), line, field_name, message))
    if report.errors:
        report.errors.sort(key=lambda error: error.line)
        return report
    with transaction.atomic():
        for line, record in valid:
            report.counts[importer.apply(record, line)] += 1
        importer.finish()
    return report
