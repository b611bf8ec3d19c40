"""Reads of organisations, each in a fixed number of queries."""

from dataclasses import dataclass, field

from verksam.organisations.choices import GROUP_KINDS
from verksam.organisations.models import Organisation
from verksam.organisations.page_parts import page_parts_context


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
    """The organisation's place in the tree, its units and groups, and what other apps add.

    The plans the user may read, and what the user may do with measurements, come from
    the parts that plans and indicators register (verksam.organisations.page_parts).
    """
    ancestors = list(
        Organisation.objects.filter(pk__in=organisation.ancestor_ids[:-1]).order_by("path")
    )
    subtree = list(
        Organisation.objects.descendants_of(organisation, include_self=False)
        .select_related("leader")
        .order_by("path")
    )
    return {
        "ancestors": ancestors,
        "units": organisation_forest(subtree),
        "groups": [org for org in subtree if org.kind in GROUP_KINDS],
        **page_parts_context(user, organisation),
    }
