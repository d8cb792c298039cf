from samverkan.places.models import County, MunicipalAssociation, Municipality
from samverkan.places.reference import read_json


def test_all_counties_and_municipalities_are_loaded(db):
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290
    assert Municipality.objects.filter(geometry__isnull=True).count() == 0
    assert County.objects.filter(geometry__isnull=True).count() == 0


def test_every_county_has_its_official_english_name(db):
    names = dict(County.objects.values_list("code", "name_en"))
    assert all(names.values())
    assert names["14"] == "Västra Götaland County"
    assert names["12"] == "Skåne County"
    assert names["20"] == "Dalarna County"
    assert names["18"] == "Örebro County"


def test_the_english_county_names_loaded_are_those_of_the_reference_data(db):
    """New databases get their English names from counties.json through the migrations."""
    expected = {row["code"]: row["name_en"] for row in read_json("counties.json")}
    assert dict(County.objects.values_list("code", "name_en")) == expected


def test_every_municipality_belongs_to_the_county_in_its_code(db):
    for municipality in Municipality.objects.select_related("county"):
        assert municipality.code[:2] == municipality.county.code


def test_known_facts(db):
    boras = Municipality.objects.get(code="1490")
    assert boras.name == "Borås"
    assert boras.county.name == "Västra Götalands län"
    assert County.objects.get(code="01").name == "Stockholms län"
    assert 57 < boras.latitude < 58 and 12 < boras.longitude < 14


def test_the_four_west_swedish_associations_have_fifty_members(db):
    counts = {a.slug: a.members.count() for a in MunicipalAssociation.objects.all()}
    assert counts == {"fyrbodal": 14, "goteborgsregionen": 13, "sjuharad": 8, "skaraborg": 15}
    kungsbacka = Municipality.objects.get(code="1384")
    assert kungsbacka.county.code == "13"
    assert [a.slug for a in kungsbacka.associations.all()] == ["goteborgsregionen"]
