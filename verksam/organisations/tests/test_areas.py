import pytest

from verksam.organisations.areas import (
    AreaCodeError,
    AreaKind,
    all_areas,
    area_for_organisation,
    area_list,
    comparison_areas,
    normalise_code,
)
from verksam.testing import make_organisation


def test_it_ships_the_country_21_counties_and_290_municipalities_with_a_date():
    kinds = [area.kind for area in all_areas()]

    assert kinds.count(AreaKind.COUNTRY) == 1
    assert kinds.count(AreaKind.COUNTY) == 21
    assert kinds.count(AreaKind.MUNICIPALITY) == 290
    assert area_list().valid_from
    assert area_list().how_to_update


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (1452, "1452"),
        (180, "0180"),
        ("180", "0180"),
        (880.0, "0880"),
        ("0380", "0380"),
        (8, "08"),
        ("8", "08"),
        (800, "08"),
        ("0300", "03"),
        (0, "00"),
        ("0000", "00"),
        (" 2580 ", "2580"),
    ],
)
def test_it_pads_a_code_read_as_a_number_back(value, code):
    assert normalise_code(value) == code


@pytest.mark.parametrize("value", [None, "", "Kalmar", 9999, "12345", -180, 180.5, "16", True])
def test_it_refuses_what_is_not_an_area_code(value):
    with pytest.raises(AreaCodeError):
        normalise_code(value)


def test_it_places_a_municipality_in_its_county_and_the_country():
    assert [area.code for area in comparison_areas(all_areas()[0])] == ["00"]
    kalmar = next(area for area in all_areas() if area.code == "0880")

    assert [area.name for area in comparison_areas(kalmar)] == ["Kalmar", "Kalmar län", "Sverige"]


@pytest.mark.django_db
def test_it_links_an_organisation_to_its_area_by_code():
    municipality = make_organisation("Kalmar kommun", kind="municipality", municipality_code="0880")
    region = make_organisation("Region Kalmar län", kind="region", county_code="08")
    other = make_organisation("Ett bibliotek", kind="library")

    assert area_for_organisation(municipality).name == "Kalmar"
    assert area_for_organisation(region).name == "Kalmar län"
    assert area_for_organisation(other) is None


@pytest.mark.django_db
def test_it_gives_a_library_the_area_of_the_organisation_above_it():
    municipality = make_organisation(
        "Uppsala kommun", kind="municipality", municipality_code="0380"
    )
    library = make_organisation("Stadsbiblioteket", parent=municipality)
    branch = make_organisation("Gottsunda", kind="branch", parent=library)

    assert area_for_organisation(branch).code == "0380"
