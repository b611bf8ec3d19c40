import pytest
from django.core.exceptions import ValidationError

from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.testing import make_organisation

pytestmark = pytest.mark.django_db


def reload(organisation: Organisation) -> Organisation:
    return Organisation.objects.get(pk=organisation.pk)


def make_tree():
    """region → municipality → library → branch → group, and a second region."""
    region = make_organisation("Region Kalmar län", OrganisationKind.REGION)
    municipality = make_organisation("Kalmar kommun", OrganisationKind.MUNICIPALITY, region)
    library = make_organisation("Kalmar stadsbibliotek", parent=municipality)
    branch = make_organisation("Smedby bibliotek", OrganisationKind.BRANCH, library)
    group = make_organisation("Barn och unga", OrganisationKind.WORK_GROUP, branch)
    other_region = make_organisation("Region Uppsala", OrganisationKind.REGION)
    return region, municipality, library, branch, group, other_region


def test_it_sets_path_and_depth_of_a_root():
    region = make_organisation("Region Kalmar län", OrganisationKind.REGION)
    stored = reload(region)
    assert stored.path == f"/{region.pk}/"
    assert stored.depth == 0
    assert stored.ancestor_ids == [region.pk]


def test_it_sets_path_and_depth_below_a_parent():
    region, municipality, library, branch, group, _ = make_tree()
    stored = reload(group)
    assert stored.path == f"/{region.pk}/{municipality.pk}/{library.pk}/{branch.pk}/{group.pk}/"
    assert stored.depth == 4
    assert stored.ancestor_ids == [region.pk, municipality.pk, library.pk, branch.pk, group.pk]


def test_it_rewrites_the_subtree_paths_when_an_organisation_moves():
    region, municipality, library, branch, group, other_region = make_tree()
    library.parent = other_region
    library.save()

    assert reload(library).path == f"/{other_region.pk}/{library.pk}/"
    assert reload(library).depth == 1
    assert reload(branch).path == f"/{other_region.pk}/{library.pk}/{branch.pk}/"
    assert reload(branch).depth == 2
    assert reload(group).path == f"/{other_region.pk}/{library.pk}/{branch.pk}/{group.pk}/"
    assert reload(group).depth == 3
    # What stays behind is untouched.
    assert reload(municipality).path == f"/{region.pk}/{municipality.pk}/"


def test_it_rewrites_the_subtree_paths_when_an_organisation_becomes_a_root():
    _, _, library, branch, group, _ = make_tree()
    library.parent = None
    library.save()

    assert reload(library).path == f"/{library.pk}/"
    assert reload(library).depth == 0
    assert reload(group).path == f"/{library.pk}/{branch.pk}/{group.pk}/"
    assert reload(group).depth == 2


def test_it_refuses_an_organisation_as_its_own_parent():
    _, _, library, _, _, _ = make_tree()
    library.parent = library
    with pytest.raises(ValidationError) as error:
        library.clean()
    assert "parent" in error.value.message_dict


@pytest.mark.parametrize("depth_below", [1, 2])
def test_it_refuses_a_parent_below_the_organisation_itself(depth_below):
    _, _, library, branch, group, _ = make_tree()
    library.parent = [branch, group][depth_below - 1]
    with pytest.raises(ValidationError) as error:
        library.full_clean()
    assert "parent" in error.value.message_dict


def test_it_accepts_a_parent_elsewhere_in_the_tree():
    _, _, library, _, _, other_region = make_tree()
    library.parent = other_region
    library.full_clean()  # raises on failure
    assert library.parent == other_region


def test_it_finds_the_descendants_of_an_organisation():
    region, municipality, library, branch, group, other_region = make_tree()
    make_organisation("Emmaboda kommun", OrganisationKind.MUNICIPALITY, region)

    found = set(Organisation.objects.descendants_of(municipality))
    assert found == {municipality, library, branch, group}
    without_self = set(Organisation.objects.descendants_of(municipality, include_self=False))
    assert without_self == {library, branch, group}
    assert set(Organisation.objects.descendants_of(other_region)) == {other_region}


def test_it_does_not_take_an_id_prefix_for_a_descendant():
    # Paths "/7001/" and "/70012/" share a prefix unless the separator is part of it.
    first = make_organisation("Region Kalmar län", OrganisationKind.REGION, id=7001)
    child = make_organisation("Kalmar kommun", OrganisationKind.MUNICIPALITY, first)
    lookalike = make_organisation("Region Uppsala", OrganisationKind.REGION, id=70012)
    assert reload(lookalike).path == "/70012/"
    assert set(Organisation.objects.descendants_of(first)) == {first, child}


@pytest.mark.parametrize("code", ["0380", "2480"])
def test_it_accepts_a_four_digit_municipality_code(code):
    organisation = Organisation(
        name="Uppsala kommun", kind=OrganisationKind.MUNICIPALITY, municipality_code=code
    )
    organisation.full_clean()
    assert organisation.municipality_code == code


@pytest.mark.parametrize("code", ["380", "03800", "03a0", "abcd"])
def test_it_refuses_a_municipality_code_that_is_not_four_digits(code):
    organisation = Organisation(
        name="Uppsala kommun", kind=OrganisationKind.MUNICIPALITY, municipality_code=code
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "municipality_code" in error.value.message_dict


@pytest.mark.parametrize("code", ["8", "080", "0a"])
def test_it_refuses_a_county_code_that_is_not_two_digits(code):
    organisation = Organisation(name="Region Kalmar län", kind=OrganisationKind.REGION)
    organisation.county_code = code
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "county_code" in error.value.message_dict


def test_it_accepts_a_two_digit_county_code():
    organisation = Organisation(
        name="Region Kalmar län", kind=OrganisationKind.REGION, county_code="08"
    )
    organisation.full_clean()
    assert organisation.county_code == "08"
