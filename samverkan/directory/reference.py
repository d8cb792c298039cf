"""Loads every Swedish higher-education institution as an organisation (``directory/data``)."""

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load_institutions(apps: Any, schema_editor: Any = None) -> None:
    Organization = apps.get_model("directory", "Organization")
    County = apps.get_model("places", "County")
    counties = {county.code: county for county in County.objects.all()}
    path = DATA / "higher_education_institutions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Organization.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                    "short_name": row["short_name"],
                    "kind": "university",
                    "higher_education_kind": row["kind"],
                    "city": row["city"],
                    "county": counties[row["municipality_code"][:2]],
                    "website": row["website"],
                    "external_id": f"hei:{row['slug']}",
                },
            )


def set_institution_seats(apps: Any, schema_editor: Any = None) -> None:
    """Link each institution to the municipality of its main campus."""
    Organization = apps.get_model("directory", "Organization")
    Municipality = apps.get_model("places", "Municipality")
    municipalities = {m.code: m for m in Municipality.objects.all()}
    path = DATA / "higher_education_institutions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Organization.objects.filter(slug=row["slug"]).update(
                seat=municipalities[row["municipality_code"]]
            )
