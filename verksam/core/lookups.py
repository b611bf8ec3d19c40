"""`field__any_of=ids`: the rows of `field__in=ids`, with the ids sent as one value.

The pages read the tags, people, links and stored statuses of the items they
show by the items' ids, a couple of hundred at a time. Django's ``__in`` turns
every id into a parameter of its own, checks and prepares each, and the
database driver then finds each placeholder in the SQL again: on a plan page
with a cold cache, a tenth of the time of the request. ``__any_of`` sends the
ids as one array to PostgreSQL (``column = ANY(%s)``) and as one JSON list to
SQLite (``column IN (SELECT value FROM json_each(%s))``); both read the rows by
the column's index as they do for ``IN``. It takes integers only: ids of rows.

Registered on integer fields and foreign keys when the app starts (see
CoreConfig.ready).
"""

from __future__ import annotations

import json

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, IntegerField, Lookup


class AnyOf(Lookup):
    """The column equals one of the given integers."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        if any(isinstance(value, bool) or not isinstance(value, int) for value in self.rhs):
            raise TypeError("any_of takes ids (integers) only")
        return sorted(set(self.rhs))

    def process_rhs(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        return "%s", [self.rhs]

    def as_sql(self, compiler, connection):
        # Any other database: a parameter per id, as __in does.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        self.process_rhs(compiler, connection)  # no ids: no rows
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*lhs_params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        # Only the column as Django compiled it goes into the text; the ids are a parameter.
        sql = lhs + " IN (SELECT value FROM json_each(%s))"  # noqa: S608
        return sql, (*lhs_params, *(json.dumps(ids) for ids in rhs_params))


def register() -> None:
    """Make `__any_of` available on integer fields (ids) and foreign keys."""
    IntegerField.register_lookup(AnyOf)
    ForeignKey.register_lookup(AnyOf)
