import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from samverkan.directory.models import ExpertProfile, Organization, Person
from samverkan.kernel.importing import ImportFileError, Outcome, run_import

EXPERT = {
    "external_id": "hb-1234",
    "name": "Anna Bergkvist",
    "email": "anna.bergkvist@example.se",
    "organization": "Högskolan i Borås",
    "title": "Universitetslektor i socialt arbete",
    "expertise": "Jag forskar om äldreomsorg och arbetsmiljö i hemtjänsten.",
    "keywords": ["äldreomsorg", "arbetsmiljö"],
    "languages": ["sv", "en"],
    "sdgs": [3, 8],
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def generated(count: int) -> list[dict]:
    universities = [
        "Högskolan i Borås",
        "Chalmers tekniska högskola",
        "Göteborgs universitet",
        "Okänt Institut",
    ]
    return [
        {
            **EXPERT,
            "external_id": f"gen-{number}",
            "name": f"Person Nummer{number}",
            "email": f"person{number}@example.se",
            "organization": universities[number % len(universities)],
            "sdgs": [number % 17 + 1],
        }
        for number in range(count)
    ]


def test_expert_import_follows_the_contract(db, tmp_path):
    report = run_import("experts", write_jsonl(tmp_path / "e.jsonl", [EXPERT]))
    assert report.ok and report.counts[Outcome.CREATED] == 1
    person = Person.objects.get(external_id="hb-1234")
    assert person.affiliations.get().organization.slug == "hb"
    profile = person.profile
    assert profile.keywords == ["äldreomsorg", "arbetsmiljö"]
    assert sorted(profile.goals.values_list("number", flat=True)) == [3, 8]
    assert profile.expertise_sv.startswith("Jag forskar")
    assert ":aldreomsorg" in Person.objects.get(pk=person.pk).search_document


def test_english_expertise_is_stored_as_english(db, tmp_path):
    record = {
        **EXPERT,
        "expertise": "My research is on staff turnover in elderly care and the work environment.",
    }
    run_import("experts", write_jsonl(tmp_path / "e.jsonl", [record]))
    profile = ExpertProfile.objects.get(person__external_id="hb-1234")
    assert profile.expertise_sv == "" and profile.expertise_en.startswith("My research")


def test_two_thousand_experts_then_all_unchanged(db, tmp_path):
    path = write_jsonl(tmp_path / "many.jsonl", generated(2000))
    first = run_import("experts", path)
    assert first.ok
    assert first.counts == {Outcome.CREATED: 2000, Outcome.UPDATED: 0, Outcome.UNCHANGED: 0}
    assert first.notes[0] == "created organisation 'Okänt Institut' (kind: other)"
    assert Organization.objects.filter(name_sv="Okänt Institut").count() == 1
    second = run_import("experts", path)
    assert second.counts == {Outcome.CREATED: 0, Outcome.UPDATED: 0, Outcome.UNCHANGED: 2000}


def test_bad_rows_import_nothing_and_are_named(db, tmp_path):
    records = [
        EXPERT,
        {**EXPERT, "external_id": "x-2", "sdgs": [18]},
        {**EXPERT, "external_id": "x-3", "name": ""},
        {**EXPERT, "external_id": "x-4", "email": "not-an-address"},
        {**EXPERT, "external_id": "x-5", "forms": ["castle-building"], "languages": ["svenska"]},
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    report = run_import("experts", path)
    problems = {(e.line, e.field) for e in report.errors}
    assert problems == {(2, "sdgs.0"), (3, "name"), (4, "email"), (5, "forms"), (5, "languages.0")}
    assert all(str(e).startswith(f"{path}:{e.line}: ") for e in report.errors)
    assert not Person.objects.filter(
        external_id__in=["hb-1234", "x-2", "x-3", "x-4", "x-5"]
    ).exists()


def test_csv_lists_are_separated_by_semicolons(db, tmp_path):
    path = tmp_path / "e.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(EXPERT))
        writer.writeheader()
        writer.writerow(
            {**EXPERT, "keywords": "äldreomsorg; arbetsmiljö", "languages": "sv;en", "sdgs": "3;8"}
        )
    assert run_import("experts", path).ok
    assert ExpertProfile.objects.get(person__external_id="hb-1234").languages == ["sv", "en"]


def test_import_reports_likely_duplicates(db, tmp_path):
    existing = Person.objects.filter(external_id="demo:p-029").get()  # Jenny Blom at HB
    record = {
        **EXPERT,
        "external_id": "other-system-1",
        "name": existing.full_name,
        "email": existing.email,
    }
    report = run_import("experts", write_jsonl(tmp_path / "d.jsonl", [record]))
    assert any(f"#{existing.pk}" in note for note in report.notes)


def test_export_round_trips_through_import(cli, db, tmp_path, capsys):
    run_import("experts", write_jsonl(tmp_path / "e.jsonl", generated(30)))
    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"experts.{fmt}"
        assert cli(["export", "experts", "--format", fmt, "-o", str(out)]) == 0
        report = run_import("experts", out)
        assert report.ok, report.errors[:3]
        assert report.counts[Outcome.CREATED] == 0
        assert report.counts[Outcome.UNCHANGED] == ExpertProfile.objects.count()
    xlsx = tmp_path / "people.xlsx"
    assert cli(["export", "people", "--format", "xlsx", "-o", str(xlsx)]) == 0
    sheet = load_workbook(xlsx).active
    assert [cell.value for cell in sheet[1]][:3] == ["external_id", "first_name", "last_name"]
    assert sheet.max_row == Person.objects.count() + 1
    assert cli(["export", "organizations"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == Organization.objects.count()
    assert cli(["export", "people", "--format", "xlsx"]) == 1


def test_a_csv_field_longer_than_the_csv_module_takes_is_a_file_error(db, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("external_id,name,expertise\nx-1,Anna Berg," + "a" * 200_000 + "\n")
    with pytest.raises(ImportFileError, match=r"long\.csv: not readable as CSV"):
        run_import("experts", path)
    assert not Person.objects.filter(external_id="x-1").exists()
