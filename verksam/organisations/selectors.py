"""Reads of organisations and their plans, each in a fixed number of queries."""

from dataclasses import dataclass, field

from verksam.organisations.choices import GROUP_KINDS
from verksam.organisations.models import Organisation
from verksam.plans.permissions import visible_plans


@dataclass
class OrganisationNode:
    organisation: Organisation
    children: list["OrganisationNode"] = field(default_factory=list)


def organisation_forest(organisations: list[Organisation]) -> list[OrganisationNode]:
    """Organisations (sorted by path) as nested nodes; roots are those whose parent is absent."""
    nodes = {org.pk: OrganisationNode(org) for org in organisations}
    roots = []
    for org in organisations:
        parent = nodes.get(org.parent_id)
        (parent.children if parent else roots).append(nodes[org.pk])
    return roots


def organisation_context(user, organisation: Organisation) -> dict:
    """The organisation's place in the tree, its units, groups and the plans the user may read."""
    ancestors = list(
        Organisation.objects.filter(pk__in=organisation.ancestor_ids[:-1]).order_by("path")
    )
    subtree = list(
        Organisation.objects.descendants_of(organisation, include_self=False)
        .select_related("leader")
        .order_by("path")
    )
    plans = list(
        visible_plans(user).filter(organisation=organisation).order_by("-period_start", "title")
    )
    unit_plans = list(
        visible_plans(user)
        .filter(organisation__in=[org.pk for org in subtree])
        .select_related("organisation")
        .order_by("organisation__path", "-period_start")
    )
    return {
        "ancestors": ancestors,
        "units": organisation_forest(subtree),
        "groups": [org for org in subtree if org.kind in GROUP_KINDS],
        "plans": plans,
        "unit_plans": unit_plans,
    }
