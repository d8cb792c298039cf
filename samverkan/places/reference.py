"""Loads the places reference data shipped in ``places/data`` (see its README for sources).

Called from data migrations with the historical app registry, so it must only use what the
migration state provides.
"""

import csv
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def read_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_places(apps: Any, schema_editor: Any = None) -> None:
    County = apps.get_model("places", "County")
    Municipality = apps.get_model("places", "Municipality")
    MunicipalAssociation = apps.get_model("places", "MunicipalAssociation")

    counties = {}
    for row in read_json("counties.json"):
        counties[row["code"]], _ = County.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "geometry": row["geometry"]}
        )
    for row in read_json("municipalities.json"):
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "county": counties[row["code"][:2]],
                "geometry": row["geometry"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
            },
        )

    associations = {}
    for row in read_json("associations.json"):
        associations[row["name"]], _ = MunicipalAssociation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "county": counties[row["county"]],
                "website": row["website"],
            },
        )
    with (DATA / "municipal_associations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            municipality = Municipality.objects.get(code=row["kommun_kod"])
            associations[row["association"]].members.add(municipality)


def set_county_english_names(apps: Any, schema_editor: Any = None) -> None:
    """Fill in the English county names, which arrived after the counties were first loaded."""
    County = apps.get_model("places", "County")
    for row in read_json("counties.json"):
        County.objects.filter(code=row["code"]).update(name_en=row["name_en"])
