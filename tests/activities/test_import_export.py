"""``samverkan import activities`` and ``export activities``: all or nothing, through
``activity_save``, keyed by ``external_id``, and an export imports again unchanged."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from samverkan.activities.importers import COLUMNS
from samverkan.activities.models import Activity
from samverkan.activities.services import TEXT_LIMIT, ActivityData
from samverkan.kernel.importing import Outcome, run_import

WORKSHOP = {
    "external_id": "crm-2027-07",
    "title_sv": "Workshop om klimatanpassning",
    "title_en": "Workshop on climate adaptation",
    "description_sv": "<p>Skyfall och värmeböljor: vad kan kommunerna göra?</p>",
    "kind": "workshop",
    "starts_at": "2027-07-01T09:00",
    "ends_at": "2027-07-01T12:00",
    "address": "Allégatan 1, Borås",
    "host": "Högskolan i Borås",
    "arena": "hb-kommunsamverkan",
    "organizations": ["kommun-boras", "Tranemo kommun"],
    "goals": [11, 13],
    "registration": "open",
    "capacity": 25,
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    lines = (json.dumps(record, ensure_ascii=False) for record in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(
                {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in record.items()}
            )
    return path


def test_an_import_plans_the_activity_in_stockholm_time(db, tmp_path):
    report = run_import("activities", write_jsonl(tmp_path / "a.jsonl", [WORKSHOP]))
    assert report.ok, report.errors
    activity = Activity.objects.get(external_id="crm-2027-07")
    # Summer time: Stockholm is two hours ahead of UTC.
    assert activity.starts_at == datetime(2027, 7, 1, 7, 0, tzinfo=UTC)
    assert {o.slug for o in activity.organizations.all()} == {"kommun-boras", "kommun-tranemo"}
    assert sorted(g.number for g in activity.goals.all()) == [11, 13]
    assert (activity.host.slug, activity.capacity, activity.sequence) == ("hb", 25, 0)


def test_importing_again_changes_nothing_until_the_record_changes(db, tmp_path):
    path = tmp_path / "a.csv"
    assert run_import("activities", write_csv(path, [WORKSHOP])).ok
    again = run_import("activities", path)
    assert again.counts[Outcome.UNCHANGED] == 1
    assert Activity.objects.get(external_id="crm-2027-07").sequence == 0
    changed = run_import(
        "activities", write_csv(path, [{**WORKSHOP, "ends_at": "2027-07-01T13:00"}])
    )
    assert changed.counts[Outcome.UPDATED] == 1
    activity = Activity.objects.get(external_id="crm-2027-07")
    assert activity.sequence == 1
    assert Activity.objects.filter(external_id="crm-2027-07").count() == 1


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_imports_again_unchanged(cli, make_activity, tmp_path, fmt):
    planned_on_a_page = make_activity(title_sv="Utan externt id")  # named by its UID
    before = dict(Activity.objects.values_list("pk", "sequence"))
    out = tmp_path / f"activities.{fmt}"
    assert cli(["export", "activities", "--format", fmt, "-o", str(out)]) == 0
    report = run_import("activities", out)
    assert report.ok, report.errors[:3]
    assert report.counts[Outcome.UNCHANGED] == Activity.objects.count() == len(before)
    assert dict(Activity.objects.values_list("pk", "sequence")) == before
    planned_on_a_page.refresh_from_db()
    assert planned_on_a_page.external_id == ""


def test_a_changed_row_of_an_export_updates_that_activity_only(cli, db, tmp_path, capsys):
    assert cli(["export", "activities"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == COLUMNS and len(rows) == Activity.objects.count()
    tranemo = next(row for row in rows if row["external_id"] == "demo:visit-tranemo-2026")
    tranemo["title_en"] = "Municipal visit to Tranemo, with the new council"
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    report = run_import("activities", path)
    assert report.counts[Outcome.UPDATED] == 1
    assert report.counts[Outcome.UNCHANGED] == len(rows) - 1
    visit = Activity.objects.get(external_id="demo:visit-tranemo-2026")
    assert visit.title_en == tranemo["title_en"]


def test_the_xlsx_export_has_the_import_columns(cli, db, tmp_path):
    out = tmp_path / "activities.xlsx"
    assert cli(["export", "activities", "--format", "xlsx", "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert sheet.max_row == Activity.objects.count() + 1


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"kind": "no-such-kind"}, "kind"),
        ({"ends_at": "2027-07-01T08:00"}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"description_sv": "x" * 100_000}, "description_sv"),
        ({"arena": "no-such-arena"}, "arena"),
        ({"host": "Ingen sådan organisation"}, "host"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"goals": [18]}, "goals.0"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_one_bad_row_stores_nothing_and_names_file_line_and_field(
    cli, capsys, db, tmp_path, change, column, suffix
):
    good = {**WORKSHOP, "external_id": "good-row"}
    bad = {**WORKSHOP, **change}
    path = tmp_path / f"activities{suffix}"
    (write_csv if suffix == ".csv" else write_jsonl)(path, [good, bad])
    count = Activity.objects.count()
    assert cli(["import", "activities", str(path)]) == 1
    assert Activity.objects.count() == count
    assert not Activity.objects.filter(external_id="good-row").exists()
    # The header is line 1 of a CSV file; the bad record is the second record either way.
    line = 3 if suffix == ".csv" else 2
    assert f"{path}:{line}: {column}: " in capsys.readouterr().err


def test_the_same_external_id_twice_in_a_file_is_refused(db, tmp_path):
    report = run_import("activities", write_jsonl(tmp_path / "a.jsonl", [WORKSHOP, WORKSHOP]))
    assert not report.ok
    assert {(error.line, error.field) for error in report.errors} == {
        (1, "external_id"),
        (2, "external_id"),
    }


def test_the_description_limit_is_the_services(db, tmp_path):
    at_limit = {**WORKSHOP, "description_sv": "x" * TEXT_LIMIT}
    assert run_import("activities", write_jsonl(tmp_path / "a.jsonl", [at_limit])).ok


def test_a_script_in_a_description_is_removed(db, tmp_path):
    record = {
        **WORKSHOP,
        "description_sv": '<p>Välkommen</p><script>alert("x")</script><p onclick="x()">Hej</p>',
    }
    assert run_import("activities", write_jsonl(tmp_path / "a.jsonl", [record])).ok
    stored = Activity.objects.get(external_id="crm-2027-07").description_sv
    assert "<script" not in stored and "onclick" not in stored and "alert" not in stored
    assert "<p>Välkommen</p>" in stored


def test_an_import_obeys_the_services_rules(db, tmp_path, castles_refused):
    refusal = castles_refused(ActivityData)
    record = {**WORKSHOP, "title_sv": "Workshop på slottet"}
    report = run_import("activities", write_jsonl(tmp_path / "a.jsonl", [record]))
    assert [(e.line, e.field, e.message) for e in report.errors] == [(1, "title_sv", refusal)]
