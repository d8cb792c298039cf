"""Queries about places that several pages and the API share."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from samverkan.kernel.text import normalised_name

from .maps import svg_map
from .models import County, MunicipalAssociation, Municipality, municipality_organization_name


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
    if text.strip():
        queryset = queryset.filter(code__in=find_municipalities(text).codes)
    return queryset


# Words people add to a place's name when they mean its organisation: "Tranemo kommun",
# "Göteborgs Stad", "City of Stockholm"; and those that name a region or county instead:
# "Region Skåne", "Jönköpings län".
MUNICIPALITY_WORDS = frozenset("kommun kommunen stad staden municipality city of".split())
REGION_WORDS = frozenset("region regionen lan county".split())
# Regions whose name is not their county's ("Region Sörmland" is Södermanlands län).
REGION_ALIASES = {"sormland": "04", "jamtland harjedalen": "23"}


@dataclass(frozen=True)
class Finding:
    """The municipalities a text names, and the county when it named a county or a region
    ("Region Västra Götaland") rather than a municipality."""

    codes: list[str]
    county: County | None = None


def _without(words: frozenset[str], key: str) -> str:
    return " ".join(word for word in key.split() if word not in words)


def find_municipalities(text: str) -> Finding:
    """What a visitor typed into the municipality finder, understood the way they meant it.

    Case, å/ä/ö and punctuation do not matter ("vargarda" finds Vårgårda); the name of the
    organisation finds its place ("Tranemo kommun", "Borås Stad", "Göteborgs Stad", "Region
    Gotland"); a four-digit SCB code finds its municipality. A region's or county's name
    ("Region Västra Götaland", "Stockholms län") finds the county's municipalities, and so does
    a county's name or two-digit code when no municipality matches ("Skåne", "14"). Names are
    compared in Python: there are 290 of them.
    """
    key = normalised_name(text)
    if not key:
        return Finding([])
    names = list(Municipality.objects.values_list("code", "name"))
    exact = [code for code, name in names if key in (code, _organisation_key(name))]
    if exact:
        return Finding(exact)
    words = set(key.split())
    if words & REGION_WORDS or key.endswith("regionen"):
        county = _find_county(key)
        if county is not None:
            return _county_finding(county)
    base = _without(MUNICIPALITY_WORDS | REGION_WORDS, key) or key
    codes = [
        code
        for code, name in names
        if base in normalised_name(name)
        or base == _without(MUNICIPALITY_WORDS, _organisation_key(name))
    ]
    if codes:
        return Finding(codes)
    county = _find_county(key)
    return _county_finding(county) if county is not None else Finding([])


def _organisation_key(name: str) -> str:
    """The municipality's organisation name folded: "goteborgs kommun", "region gotland"."""
    return normalised_name(municipality_organization_name(name))


def _county_finding(county: County) -> Finding:
    return Finding(list(county.municipalities.values_list("code", flat=True)), county)


def _find_county(key: str) -> County | None:
    """The county a key names: its code, its name ("vastra gotalands lan"), the name of its
    region ("region vastra gotaland", "vastra gotalandsregionen") or a shorter start of it."""
    alias = REGION_ALIASES.get(key.removeprefix("region "))
    base = _without(REGION_WORDS, key).removesuffix("regionen").strip()
    for county in County.objects.only("code", "name", "name_en"):
        county_base = _without(REGION_WORDS, normalised_name(county.name))
        if key == county.code or alias == county.code:
            return county
        if len(base) >= 3 and county_base.startswith(base):
            return county
    return None


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
