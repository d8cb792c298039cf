import csv
import io
import json

import pytest
from openpyxl import load_workbook

from samverkan.kernel.exporting import FORMULA_STARTS, write_csv, write_jsonl, write_xlsx
from samverkan.kernel.importing import read_records

COLUMNS = ["external_id", "phone", "note"]
FORMULAS = [start + "1+2" for start in FORMULA_STARTS] + ['=HYPERLINK("http://x.example")']


def rows(value: str) -> list[dict]:
    return [{"external_id": "p-1", "phone": value, "note": ["-a", "b"]}]


@pytest.mark.parametrize("value", FORMULAS)
def test_an_xlsx_cell_starting_like_a_formula_is_text_with_the_stored_value(value):
    out = io.BytesIO()
    write_xlsx(COLUMNS, rows(value), out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    phone, note = sheet.cell(row=2, column=2), sheet.cell(row=2, column=3)
    # XML stores a carriage return as a line feed; the cell is text all the same.
    assert phone.data_type == "s" and phone.value == value.replace("\r", "\n")
    assert note.data_type == "s" and note.value == "-a;b"


@pytest.mark.parametrize("value", FORMULAS)
def test_a_csv_value_starting_like_a_formula_is_marked_as_text(value):
    out = io.StringIO()
    write_csv(COLUMNS, rows(value), out)
    record = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert record["phone"] == "'" + value
    assert record["note"] == "'-a;b"
    assert record["external_id"] == "p-1"


@pytest.mark.parametrize("value", ["=1+2", "+46 31 786 00 00", "-5", "@home"])
def test_a_marked_csv_value_imports_as_the_stored_value(tmp_path, value):
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(COLUMNS, rows(value), handle)
    [(_, record)] = list(read_records(path, list_fields=("note",)))
    assert record["phone"] == value
    assert record["note"] == ["-a", "b"]


def test_an_apostrophe_the_export_did_not_add_is_kept_on_import(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("external_id,phone,note\np-1,'t is,\n", encoding="utf-8")
    [(_, record)] = list(read_records(path))
    assert record["phone"] == "'t is"


def test_json_lines_keep_the_raw_value():
    out = io.StringIO()
    write_jsonl(COLUMNS, rows("=1+2"), out)
    assert json.loads(out.getvalue())["phone"] == "=1+2"
