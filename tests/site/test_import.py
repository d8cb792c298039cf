import json
from pathlib import Path

import pytest

from samverkan.directory.models import Affiliation, Organization, Person
from samverkan.kernel.importing import Outcome, run_import


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PEOPLE_CSV = (
    "external_id,name,email,organization,title,orcid\n"
    "imp-1,Anna Berg,anna.berg@example.se,Högskolan i Borås,Universitetslektor,\n"
    "imp-2,Per Ek,per.ek@example.se,Nytt forskningsinstitut,Forskare,0000-0002-1825-0097\n"
)


def test_people_import_creates_then_reports_unchanged(db, tmp_path):
    path = write(tmp_path, "people.csv", PEOPLE_CSV)
    first = run_import("people", path)
    assert first.ok, first.errors
    assert first.counts[Outcome.CREATED] == 2
    assert first.notes == ["created organisation 'Nytt forskningsinstitut' (kind: other)"]
    anna = Person.objects.get(external_id="imp-1")
    assert (anna.first_name, anna.last_name) == ("Anna", "Berg")
    affiliation = Affiliation.objects.get(person=anna)
    assert affiliation.organization.slug == "hb" and affiliation.title_sv == "Universitetslektor"
    again = run_import("people", path)
    assert again.counts == {Outcome.CREATED: 0, Outcome.UPDATED: 0, Outcome.UNCHANGED: 2}


def test_changed_record_is_an_update(db, tmp_path):
    run_import("people", write(tmp_path, "a.csv", PEOPLE_CSV))
    changed = PEOPLE_CSV.replace("Universitetslektor", "Professor")
    report = run_import("people", write(tmp_path, "b.csv", changed))
    assert report.counts[Outcome.UPDATED] == 1
    assert Affiliation.objects.get(person__external_id="imp-1").title_sv == "Professor"


def test_one_bad_row_changes_nothing_and_is_named(db, tmp_path):
    before = (Person.objects.count(), Organization.objects.count(), Affiliation.objects.count())
    bad = PEOPLE_CSV + "imp-3,,not-an-email,Högskolan i Borås,,1234\n"
    path = write(tmp_path, "bad.csv", bad)
    report = run_import("people", path)
    assert not report.ok
    problems = {(e.line, e.field) for e in report.errors}
    assert problems == {(4, "name"), (4, "email"), (4, "orcid")}
    assert str(report.errors[0]).startswith(f"{path}:4: ")
    after = (Person.objects.count(), Organization.objects.count(), Affiliation.objects.count())
    assert after == before


def test_jsonl_lines_and_duplicates_are_reported(db, tmp_path):
    lines = [
        json.dumps({"external_id": "j-1", "name": "Eva Lund"}),
        "{broken json",
        json.dumps({"external_id": "j-1", "name": "Eva Lund igen"}),
        json.dumps({"external_id": "j-4", "name": "Ola Sten", "shoe_size": 44}),
    ]
    report = run_import("people", write(tmp_path, "people.jsonl", "\n".join(lines) + "\n"))
    assert sorted((e.line, e.field) for e in report.errors) == [
        (1, "external_id"),
        (2, "record"),
        (3, "external_id"),
        (4, "shoe_size"),
    ]
    assert not Person.objects.filter(external_id__startswith="j-").exists()


def test_organisations_import_with_units_and_municipality(db, tmp_path):
    rows = [
        {"external_id": "o-1", "name": "Innovatum", "kind": "science_park", "city": "Trollhättan"},
        {"external_id": "o-2", "name": "Innovatum Startup", "parent": "o-1"},
        {
            "external_id": "o-3",
            "name": "Testkommunen",
            "kind": "municipality",
            "municipality": "0180",
        },
    ]
    path = write(tmp_path, "orgs.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    report = run_import("organizations", path)
    assert report.ok, report.errors
    unit = Organization.objects.get(external_id="o-2")
    assert unit.parent.external_id == "o-1"
    assert Organization.objects.get(external_id="o-3").municipality.name == "Stockholm"


def test_organisation_errors_name_the_field(db, tmp_path):
    rows = [
        {"name": "X", "kind": "castle"},
        {"name": "Y", "municipality": "9999"},
        {"name": "Z", "parent": "No such organisation"},
        {"name": "W", "website": "not a url", "organization_number": "123"},
    ]
    path = write(tmp_path, "orgs.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    report = run_import("organizations", path)
    assert sorted((e.line, e.field) for e in report.errors) == [
        (1, "kind"),
        (2, "municipality"),
        (3, "parent"),
        (4, "organization_number"),
        (4, "website"),
    ]


def test_cli_exit_status_and_messages(cli, db, tmp_path, capsys):
    good = write(tmp_path, "good.csv", PEOPLE_CSV)
    assert cli(["import", "people", str(good)]) == 0
    assert "2 created" in capsys.readouterr().out
    bad = write(tmp_path, "bad.csv", PEOPLE_CSV + "imp-9,,x,,,\n")
    assert cli(["import", "people", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4: name:" in err and "nothing was imported" in err
    assert cli(["import", "people", str(tmp_path / "missing.csv")]) == 1
    assert cli(["import", "people", str(write(tmp_path, "x.txt", "a"))]) == 1


@pytest.mark.parametrize("kind", ["castles"])
def test_cli_rejects_unknown_kinds(cli, db, kind, capsys):
    assert cli(["import", kind, "file.csv"]) == 2
    assert "invalid choice" in capsys.readouterr().err
