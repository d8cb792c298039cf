import pytest
from django.utils import translation

from samverkan.places.maps import svg_map
from samverkan.places.models import County, municipality_organization_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Borås", "Borås kommun"),
        ("Göteborg", "Göteborgs kommun"),
        ("Ale", "Ale kommun"),
        ("Tranemo", "Tranemo kommun"),
        ("Lilla Edet", "Lilla Edets kommun"),
        ("Falun", "Falu kommun"),
        ("Öckerö", "Öckerö kommun"),
    ],
)
def test_municipality_organization_name(name, expected):
    assert municipality_organization_name(name) == expected


def test_svg_map_projects_north_up_and_fits_the_width():
    square = {
        "type": "Polygon",
        "coordinates": [[[12, 58], [13, 58], [13, 59], [12, 59], [12, 58]]],
    }
    view_box, shapes = svg_map([("a", "A", square, True, "/a/")], width=400)
    width, height = (float(v) for v in view_box.split()[2:])
    assert max(width, height) == 400
    # A degree of longitude is shorter than a degree of latitude at 58.5° N.
    assert width < height
    assert shapes[0].path.startswith("M0.0 400.0")
    assert shapes[0].highlighted and shapes[0].url == "/a/"


def test_svg_map_without_geometry_is_empty():
    assert svg_map([]) == ("0 0 1 1", [])


@pytest.mark.parametrize(("lang", "expected"), [("sv", "Hallands län"), ("en", "Halland County")])
def test_a_county_is_named_in_the_readers_language(lang, expected):
    county = County(code="13", name="Hallands län", name_en="Halland County")
    with translation.override(lang):
        assert county.local_name == expected
        assert str(county) == expected


def test_a_county_without_an_english_name_keeps_its_swedish_one_in_english():
    with translation.override("en"):
        assert str(County(code="13", name="Hallands län")) == "Hallands län"
