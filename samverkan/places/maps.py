"""Borders drawn as inline SVG, so every map works without JavaScript and without map tiles."""

import math
from dataclasses import dataclass

Ring = list[list[float]]


@dataclass(frozen=True)
class MapShape:
    key: str
    label: str
    path: str
    highlighted: bool = False
    url: str = ""


def _polygons(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def svg_map(
    features: list[tuple[str, str, dict, bool, str]], width: int = 480
) -> tuple[str, list[MapShape]]:
    """Project (key, label, geometry, highlighted, url) features into one SVG coordinate space.

    Longitude is scaled by the cosine of the mean latitude, which keeps Swedish shapes recognisable
    without a projection library. Returns the viewBox and one path per feature.
    """
    points = [
        point
        for _, _, geometry, _, _ in features
        for polygon in _polygons(geometry)
        for ring in polygon
        for point in ring
    ]
    if not points:
        return "0 0 1 1", []
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    span = max((max_lon - min_lon) * x_scale, max_lat - min_lat) or 1.0
    factor = width / span
    height = round((max_lat - min_lat) * factor)
    view_width = round((max_lon - min_lon) * x_scale * factor)

    def project(point: list[float]) -> str:
        x = (point[0] - min_lon) * x_scale * factor
        y = (max_lat - point[1]) * factor
        return f"{x:.1f} {y:.1f}"

    shapes = []
    for key, label, geometry, highlighted, url in features:
        commands = []
        for polygon in _polygons(geometry):
            for ring in polygon:
                commands.append("M" + "L".join(project(point) for point in ring) + "Z")
        shapes.append(MapShape(key, label, "".join(commands), highlighted, url))
    return f"0 0 {view_width} {height}", shapes
