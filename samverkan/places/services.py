"""Queries about places that several pages and the API share."""

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from .maps import svg_map
from .models import County, MunicipalAssociation, Municipality


def municipalities_with_context(with_border: bool = False) -> QuerySet[Municipality]:
    """Municipalities with their county and associations loaded in a fixed number of queries.

    Borders are large JSON documents; they are left out unless asked for.
    """
    queryset = Municipality.objects.select_related("county").prefetch_related(
        Prefetch("associations", queryset=MunicipalAssociation.objects.order_by("name"))
    )
    queryset = queryset.defer("county__geometry")
    return queryset if with_border else queryset.defer("geometry")


def filter_municipalities(
    queryset: QuerySet[Municipality],
    *,
    county: County | None = None,
    association: MunicipalAssociation | None = None,
    text: str = "",
) -> QuerySet[Municipality]:
    if county is not None:
        queryset = queryset.filter(county=county)
    if association is not None:
        queryset = queryset.filter(associations=association)
    needle = text.strip().casefold()
    if needle:
        # Names are compared in Python: SQLite's LIKE folds only ASCII, and there are 290 rows.
        codes = [
            code
            for code, name in Municipality.objects.values_list("code", "name")
            if needle in name.casefold() or code == needle
        ]
        queryset = queryset.filter(code__in=codes)
    return queryset


def group_by_county(municipalities: list[Municipality]) -> list[dict]:
    """Municipalities grouped by county and, within a county, by association (those outside any
    association last), in a stable reading order."""
    counties: dict[str, dict] = {}
    for municipality in municipalities:
        county = counties.setdefault(
            municipality.county.code, {"county": municipality.county, "groups": {}}
        )
        associations = list(municipality.associations.all())
        key = associations[0].name if associations else ""
        group = county["groups"].setdefault(
            key, {"association": associations[0] if associations else None, "items": []}
        )
        group["items"].append(municipality)
    result = []
    for code in sorted(counties):
        county = counties[code]
        groups = sorted(
            county["groups"].values(),
            key=lambda g: (
                g["association"] is None,
                g["association"].name if g["association"] else "",
            ),
        )
        result.append(
            {
                "county": county["county"],
                "groups": groups,
                "count": sum(len(g["items"]) for g in groups),
            }
        )
    return result


def fellow_members(
    municipality: Municipality, associations: list[MunicipalAssociation]
) -> QuerySet[Municipality]:
    """The other members of the municipality's associations, by name."""
    return (
        Municipality.objects.filter(associations__in=associations)
        .exclude(pk=municipality.pk)
        .distinct()
        .order_by("name")
    )


def county_map(municipality: Municipality) -> dict:
    """The SVG map of a municipality's county with the municipality highlighted (cached: borders
    only change with a new data release)."""
    key = f"places:map:{municipality.code}"
    result = cache.get(key)
    if result is None:
        neighbours = Municipality.objects.filter(county_id=municipality.county_id).only(
            "code", "name", "geometry", "county_id"
        )
        features = [
            (m.code, m.name, m.geometry, m.code == municipality.code, m.get_absolute_url())
            for m in neighbours
            if m.geometry
        ]
        view_box, shapes = svg_map(features)
        result = {"view_box": view_box, "shapes": shapes}
        cache.set(key, result, 60 * 60 * 24)
    return result
