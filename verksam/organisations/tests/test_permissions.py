import pytest
from django.contrib.auth import get_user_model

from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership
from verksam.organisations.permissions import (
    forget_roles,
    has_role,
    member_organisation_ids,
    role_in,
)
from verksam.testing import make_organisation


def fresh(user):
    """The same user read again, without roles remembered on the object."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("admin", Role.ADMIN),
        ("editor", Role.EDITOR),
        ("reporter", Role.REPORTER),
        ("reader", Role.READER),
    ],
)
def test_it_gives_members_their_role_in_their_organisation(personas, name, role):
    assert role_in(personas.user(name), personas.home) == role


@pytest.mark.parametrize("name", ["admin", "editor", "reporter", "reader"])
def test_it_reaches_the_role_down_the_tree(personas, name):
    user = personas.user(name)
    assert role_in(user, personas.work_group) == role_in(user, personas.home)
    assert role_in(user, personas.work_group) is not None


@pytest.mark.parametrize("name", ["admin", "editor", "reporter", "reader"])
def test_it_does_not_reach_the_role_up_the_tree(personas, name):
    assert role_in(personas.user(name), personas.municipality) is None


def test_it_takes_the_strongest_role_on_the_way_down(personas):
    # A reader of the library who edits the work group is an editor there …
    Membership.objects.create(
        user=personas.reader, organisation=personas.work_group, role=Role.EDITOR
    )
    reader = fresh(personas.reader)
    assert role_in(reader, personas.work_group) == Role.EDITOR
    assert role_in(reader, personas.home) == Role.READER
    # … and an admin of the municipality stays an admin below, whatever the lower role.
    Membership.objects.create(
        user=personas.reporter, organisation=personas.municipality, role=Role.ADMIN
    )
    reporter = fresh(personas.reporter)
    assert role_in(reporter, personas.home) == Role.ADMIN
    assert role_in(reporter, personas.work_group) == Role.ADMIN


def test_it_gives_outsiders_no_role(personas):
    assert role_in(personas.outsider, personas.home) is None
    assert role_in(personas.outsider, personas.work_group) is None
    assert role_in(personas.editor, personas.other) is None


def test_it_gives_anonymous_visitors_no_role(personas):
    assert role_in(personas.anonymous, personas.home) is None
    assert not has_role(personas.anonymous, personas.home, Role.READER)
    assert member_organisation_ids(personas.anonymous) == set()


def test_it_treats_a_superuser_as_admin_everywhere(personas):
    assert role_in(personas.superuser, personas.home) == Role.ADMIN
    assert role_in(personas.superuser, personas.other) == Role.ADMIN
    assert has_role(personas.superuser, personas.other, Role.ADMIN)


def test_it_compares_roles_by_rank(personas):
    assert has_role(personas.editor, personas.work_group, Role.READER)
    assert has_role(personas.editor, personas.work_group, Role.EDITOR)
    assert not has_role(personas.editor, personas.work_group, Role.ADMIN)
    assert not has_role(personas.reader, personas.home, Role.REPORTER)


def test_it_reads_the_roles_once_per_user_object(personas, django_assert_num_queries):
    editor = fresh(personas.editor)
    with django_assert_num_queries(1):
        role_in(editor, personas.home)
    with django_assert_num_queries(0):
        assert role_in(editor, personas.work_group) == Role.EDITOR
        assert role_in(editor, personas.other) is None
        assert has_role(editor, personas.home, Role.EDITOR)
        assert member_organisation_ids(editor) == {personas.home.pk}


def test_it_reads_the_roles_again_after_forgetting_them(personas, django_assert_num_queries):
    editor = fresh(personas.editor)
    role_in(editor, personas.home)
    group = make_organisation("Tvärgrupp digitalt", OrganisationKind.CROSS_GROUP, personas.other)
    Membership.objects.create(user=editor, organisation=group, role=Role.READER)
    assert role_in(editor, group) is None  # still the remembered roles
    forget_roles(editor)
    with django_assert_num_queries(1):
        assert role_in(editor, group) == Role.READER
