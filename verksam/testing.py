"""Builders and personas shared by every app's tests.

They build organisations, users and plans, so they sit at project level beside
``conftest.py``, above the apps, not in ``core`` (CONTRIBUTING.md, "Imports run one way").

Tests build the objects they need explicitly, with the small functions below,
instead of loading shared JSON fixtures. The builders write straight to the
database with the ORM and skip the services' rules on purpose, so a test can
set up any state (an adopted or published plan, say) in one line; tests of the
services themselves call the services.

The names in this module are used by the tests of all apps; keep them stable.

- ``make_organisation``, ``make_user``, ``make_member``: organisations, users
  (password ``PASSWORD``) and memberships.
- ``make_plan``, ``make_item``, ``make_plan_tree``, ``make_tag``: plans and their
  content; ``make_plan_tree`` adds many items to a plan in a few queries.
- ``Personas`` and ``build_personas``: the standard cast of organisations,
  users and plans; the pytest fixture ``personas`` (in ``verksam/conftest.py``)
  gives a fresh set to each test.
- ``error_codes``: the codes of a ValidationError, whatever its shape.
- ``printed_by``: what a script prints, run in a process of its own (for what a test
  session's threads would change, such as forking).
"""

import datetime
import itertools
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Max

from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Item, Plan, Tag

#: The password of every user made by ``make_user``.
PASSWORD = "test-password"

_usernames = itertools.count(1)


def make_organisation(
    name: str = "Stadsbiblioteket",
    kind: str = OrganisationKind.LIBRARY_ORGANISATION,
    parent: Organisation | None = None,
    **fields: Any,
) -> Organisation:
    """An organisation, saved; its path and depth are set by ``Organisation.save``."""
    return Organisation.objects.create(name=name, kind=kind, parent=parent, **fields)


def make_user(username: str, **fields: Any):
    """A user with the password ``PASSWORD`` (and an example.org address unless given)."""
    fields.setdefault("email", f"{username}@example.org")
    user = get_user_model()(username=username, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_member(organisation: Organisation, role: str, username: str | None = None):
    """A new user holding `role` in `organisation`; the username is made up when not given."""
    if username is None:
        username = f"{role}-{organisation.pk}-{next(_usernames)}"
    user = make_user(username)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_plan(
    organisation: Organisation,
    *,
    title: str = "Verksamhetsplan 2026",
    kind: str = PlanKind.OPERATIONAL_PLAN,
    status: str = PlanStatus.DRAFT,
    is_published: bool = False,
    level_names: tuple[str, ...] | list[str] = ("Fokusområde", "Mål", "Aktivitet"),
    year: int = 2026,
    **fields: Any,
) -> Plan:
    """A plan for the calendar year `year`, saved directly (any status, no validation).

    Pass ``period_start``/``period_end`` to give another period.
    """
    fields.setdefault("period_start", datetime.date(year, 1, 1))
    fields.setdefault("period_end", datetime.date(year, 12, 31))
    return Plan.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        status=status,
        is_published=is_published,
        level_names=list(level_names),
        **fields,
    )


def make_item(
    plan: Plan, title: str = "Läsfrämjande", parent: Item | None = None, **fields: Any
) -> Item:
    """An item saved directly: one level below `parent`, last among its siblings.

    Pass ``position`` to place it elsewhere (the siblings are not moved).
    """
    fields.setdefault("depth", 0 if parent is None else parent.depth + 1)
    if "position" not in fields:
        fields["position"] = _next_position(plan, parent)
    return Item.objects.create(plan=plan, title=title, parent=parent, **fields)


def make_tag(name: str = "Yttre perspektiv", **fields: Any) -> Tag:
    """A theme tag.

    The Library Act's priority groups exist already (a data migration makes
    them): fetch those with ``Tag.objects.get(priority_group=...)``.
    """
    return Tag.objects.create(name=name, **fields)


def make_plan_tree(plan: Plan, count: int) -> list[Item]:
    """Add `count` items to a plan, spread over all of its levels.

    Each level holds about three times as many items as the one above (every
    level gets at least one item while any are left), children are spread
    evenly over the new parents, and positions run 0, 1, 2 … among siblings;
    the new top-level items go after any the plan already has. One bulk insert
    per level, so a 500-item plan takes a handful of queries. Returns the new
    items, top level first.
    """
    levels = len(plan.level_names)
    weights = [3**depth for depth in range(levels)]
    last_id = plan.items.aggregate(last=Max("id"))["last"] or 0
    first_top_position = _next_position(plan, None)
    remaining = count
    created: list[Item] = []
    parents: list[Item] = []
    for depth in range(levels):
        size = math.ceil(remaining * weights[depth] / sum(weights[depth:]))
        if size == 0:
            break
        remaining -= size
        level_name = plan.level_name(depth)
        items = []
        for index in range(size):
            if depth == 0:
                parent, position = None, first_top_position + index
            else:
                parent, position = parents[index % len(parents)], index // len(parents)
            items.append(
                Item(
                    plan=plan,
                    parent=parent,
                    depth=depth,
                    position=position,
                    title=f"{level_name} {index + 1}",
                )
            )
        items = Item.objects.bulk_create(items)
        if items[0].pk is None:  # a database that does not return the new ids
            items = list(plan.items.filter(depth=depth, id__gt=last_id).order_by("id"))
        created.extend(items)
        parents = items
    return created


def _next_position(plan: Plan, parent: Item | None) -> int:
    last = plan.items.filter(parent=parent).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def error_codes(error: ValidationError) -> set[str | None]:
    """Every code in a ValidationError, whether it is one message, a list or per field."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def printed_by(script: str, *, timeout: int = 300, **environment: str) -> str:
    """What `script` prints, run by this Python in a new process with `environment` added;
    the test fails with the script's errors if it fails."""
    finished = subprocess.run(  # noqa: S603 (the test's own script)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **environment},
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


@dataclass
class Personas:
    """The standard cast of tests: who is who, and the plans they see.

    Organisations::

        municipality  Kalmar kommun (municipality)
          home        Kalmar stadsbibliotek (library organisation)
            work_group  Barn och unga (work group)
        other_region  Region Uppsala (region)
          other       Regionbiblioteket Uppsala (library organisation)

    Users: ``admin``, ``editor``, ``reporter`` and ``reader`` hold that role in
    ``home`` (which reaches down to ``work_group``); ``outsider`` is an editor
    of ``other``; ``superuser`` is a Django superuser with no memberships;
    ``anonymous`` is an AnonymousUser. Every user's password is ``PASSWORD``.

    Plans, each with a top-level item and one item below it:
    ``draft_plan`` (draft, unpublished, home), ``published_plan`` (adopted and
    published, home), ``adopted_unpublished_plan`` (adopted, unpublished, home)
    and ``other_draft_plan`` (draft, unpublished, other).
    """

    municipality: Organisation
    home: Organisation
    work_group: Organisation
    other_region: Organisation
    other: Organisation
    admin: Any
    editor: Any
    reporter: Any
    reader: Any
    outsider: Any
    superuser: Any
    anonymous: AnonymousUser
    draft_plan: Plan
    published_plan: Plan
    adopted_unpublished_plan: Plan
    other_draft_plan: Plan

    #: Names of the user personas, from most to least privileged within ``home``.
    USER_NAMES = ("superuser", "admin", "editor", "reporter", "reader", "outsider", "anonymous")

    def user(self, name: str):
        """The user persona called `name`, e.g. ``personas.user("reader")``."""
        if name not in self.USER_NAMES:
            raise KeyError(name)
        return getattr(self, name)


def _plan_with_items(organisation: Organisation, **fields: Any) -> Plan:
    plan = make_plan(organisation, **fields)
    focus_area = make_item(plan, "Läsfrämjande")
    make_item(plan, "Fler barn läser", parent=focus_area)
    return plan


def build_personas() -> Personas:
    """Create the organisations, users and plans described in ``Personas``."""
    municipality = make_organisation(
        "Kalmar kommun", OrganisationKind.MUNICIPALITY, municipality_code="0880"
    )
    home = make_organisation("Kalmar stadsbibliotek", parent=municipality)
    work_group = make_organisation("Barn och unga", OrganisationKind.WORK_GROUP, parent=home)
    other_region = make_organisation("Region Uppsala", OrganisationKind.REGION, county_code="03")
    other = make_organisation("Regionbiblioteket Uppsala", parent=other_region)
    return Personas(
        municipality=municipality,
        home=home,
        work_group=work_group,
        other_region=other_region,
        other=other,
        admin=make_member(home, Role.ADMIN, "admin"),
        editor=make_member(home, Role.EDITOR, "editor"),
        reporter=make_member(home, Role.REPORTER, "reporter"),
        reader=make_member(home, Role.READER, "reader"),
        outsider=make_member(other, Role.EDITOR, "outsider"),
        superuser=make_user("superuser", is_superuser=True, is_staff=True),
        anonymous=AnonymousUser(),
        draft_plan=_plan_with_items(home, title="Verksamhetsplan 2026"),
        published_plan=_plan_with_items(
            home,
            title="Verksamhetsplan 2025",
            year=2025,
            status=PlanStatus.ADOPTED,
            is_published=True,
        ),
        adopted_unpublished_plan=_plan_with_items(
            home, title="Verksamhetsplan 2024", year=2024, status=PlanStatus.ADOPTED
        ),
        other_draft_plan=_plan_with_items(other, title="Regional biblioteksplan 2026"),
    )
