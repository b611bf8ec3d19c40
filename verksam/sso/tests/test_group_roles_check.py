"""The system check of OIDC_GROUP_ROLES names an entry Verksam cannot use."""

from verksam.sso.checks import check_group_roles
from verksam.sso.services import roles_from_groups


def test_it_accepts_a_mapping_of_organisations_and_roles(settings):
    settings.OIDC_GROUP_ROLES = {
        "redaktorer": [{"organisation": 12, "role": "editor"}],
        "ledning": {"organisation": 12, "role": "admin"},
    }
    assert check_group_roles(None) == []


def test_it_names_an_entry_with_an_unknown_role(settings):
    settings.OIDC_GROUP_ROLES = {"redaktorer": [{"organisation": 12, "role": "redaktör"}]}
    errors = check_group_roles(None)
    assert [error.id for error in errors] == ["sso.E002"]
    assert "OIDC_GROUP_ROLES['redaktorer']" in errors[0].msg


def test_it_refuses_a_mapping_that_is_not_an_object(settings):
    settings.OIDC_GROUP_ROLES = [["redaktorer", 12, "editor"]]
    assert [error.id for error in check_group_roles(None)] == ["sso.E001"]


def test_it_gives_the_highest_role_any_group_grants():
    mapping = {
        "alla": [{"organisation": 1, "role": "reader"}, {"organisation": 2, "role": "reader"}],
        "redaktorer": [{"organisation": 1, "role": "editor"}],
    }
    assert roles_from_groups(["alla", "redaktorer", "okänd"], mapping) == {
        1: "editor",
        2: "reader",
    }
