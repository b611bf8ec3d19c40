"""`__any_of`: the rows of `__in`, with the ids sent as one value on PostgreSQL and SQLite."""

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return [User.objects.create(username=f"user-{n}") for n in range(6)]


def _one_query(queryset):
    with CaptureQueriesContext(connection) as queries:
        rows = list(queryset)
    assert len(queries) == 1
    return rows, queries[0]["sql"]


def test_the_same_rows_as_in_by_primary_key(users):
    ids = [users[0].pk, users[2].pk, users[5].pk, users[2].pk]
    rows, sql = _one_query(User.objects.filter(pk__any_of=ids).order_by("pk"))
    assert rows == list(User.objects.filter(pk__in=ids).order_by("pk"))
    assert [user.username for user in rows] == ["user-0", "user-2", "user-5"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    elif connection.vendor == "sqlite":
        assert "json_each(" in sql


def test_the_same_rows_as_in_by_foreign_key():
    types = list(ContentType.objects.order_by("pk")[:3])
    ids = {content_type.pk for content_type in types}
    rows, _sql = _one_query(Permission.objects.filter(content_type_id__any_of=ids).order_by("pk"))
    assert rows == list(Permission.objects.filter(content_type_id__in=ids).order_by("pk"))
    assert {permission.content_type_id for permission in rows} == ids


def test_a_set_of_ids_and_a_generator_alike(users):
    wanted = {users[1].pk, users[3].pk}
    assert set(User.objects.filter(pk__any_of=wanted).values_list("pk", flat=True)) == wanted
    assert (
        set(
            User.objects.filter(pk__any_of=(pk for pk in sorted(wanted))).values_list(
                "pk", flat=True
            )
        )
        == wanted
    )


def test_no_ids_no_rows_and_no_query(users):
    with CaptureQueriesContext(connection) as queries:
        assert list(User.objects.filter(pk__any_of=[])) == []
    assert len(queries) == 0


def test_excluding_ids(users):
    kept = User.objects.exclude(pk__any_of=[users[0].pk, users[1].pk]).order_by("pk")
    assert [user.username for user in kept] == [f"user-{n}" for n in range(2, 6)]


@pytest.mark.parametrize("wrong", [["1"], [True], [1.5], [None]])
def test_only_integers(wrong):
    with pytest.raises(TypeError, match="integers"):
        User.objects.filter(pk__any_of=wrong)
