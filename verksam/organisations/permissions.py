"""What a person's memberships let them do in an organisation.

A role reaches down the tree: an editor of a library is an editor of its
branches and groups. The memberships are read once per request and kept on the
user object, so permission checks add no queries as pages grow.
"""

from django.db.models import Q

from verksam.organisations.choices import ROLE_RANK, Role
from verksam.organisations.models import Membership, Organisation

_CACHE_ATTRIBUTE = "_verksam_roles"
_PATHS_ATTRIBUTE = "_verksam_member_paths"


def roles_by_organisation(user) -> dict[int, str]:
    """The user's own memberships, {organisation id: role}; read once per user object."""
    if not user.is_authenticated:
        return {}
    roles = getattr(user, _CACHE_ATTRIBUTE, None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def forget_roles(user) -> None:
    """Drop the cached memberships, after they were changed."""
    for attribute in (_CACHE_ATTRIBUTE, _PATHS_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def member_paths(user) -> list[str]:
    """Tree paths of the organisations where the user holds a membership; read once."""
    if not user.is_authenticated:
        return []
    paths = getattr(user, _PATHS_ATTRIBUTE, None)
    if paths is None:
        ids = member_organisation_ids(user)
        paths = (
            list(Organisation.objects.filter(pk__in=ids).values_list("path", flat=True))
            if ids
            else []
        )
        setattr(user, _PATHS_ATTRIBUTE, paths)
    return paths


def shared_or_within_reach(user) -> Q:
    """Rows (with an `organisation` field) the user may read as a member: those of no
    organisation (shared by everyone), those of an organisation the user is a member of
    or one below it, and those of the organisations above the user's. A superuser
    reaches every row."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    reach = Q(organisation__isnull=True)
    above: set[int] = set()
    for path in member_paths(user):
        reach |= Q(organisation__path__startswith=path)
        above.update(int(part) for part in path.strip("/").split("/") if part)
    if above:
        reach |= Q(organisation_id__in=above)
    return reach


def paths_with_role(user, at_least: Role) -> list[str]:
    """Tree paths of the organisations where the user's own membership is at least
    `at_least`; the role reaches down, so each path prefixes those of the units it covers.
    No query beyond the memberships and their paths, read once per user object."""
    roles = roles_by_organisation(user)
    found = []
    for path in member_paths(user):
        role = roles.get(int(path.strip("/").split("/")[-1]))
        if role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[at_least]:
            found.append(path)
    return found


def is_member_at_or_below(user, organisation: Organisation) -> bool:
    """Whether the user belongs to the organisation or to one of its units.

    Members of a unit read the steering documents above them: a work group
    reads the library's operational plan that its goals follow.
    """
    return any(path.startswith(organisation.path) for path in member_paths(user))


def role_in(user, organisation: Organisation) -> Role | None:
    """The strongest role the user has in the organisation or any organisation above it."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    roles = roles_by_organisation(user)
    best: Role | None = None
    for organisation_id in organisation.ancestor_ids:
        role = roles.get(organisation_id)
        if role is not None and (best is None or ROLE_RANK[Role(role)] > ROLE_RANK[best]):
            best = Role(role)
    return best


def has_role(user, organisation: Organisation, at_least: Role) -> bool:
    role = role_in(user, organisation)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[at_least]


def member_organisation_ids(user) -> set[int]:
    """Ids of the organisations where the user holds a membership (not their units)."""
    return set(roles_by_organisation(user))
