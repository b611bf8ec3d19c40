"""{% chain_nodes nodes %}: the nodes of an item's chain, made in Python.

An item trace lists hundreds of contributing items, and a recursive template
include per node spent most of the page's time resolving template variables.
Each node here is a few strings with the markup of ``plans/_chain_node.html``
(kept as the reference a test compares with): what nodes share (a plan's level,
title and organisation; a status with its badge) is escaped and joined once
per page, and only a node's own id, address and title once per node (by the standard
library's ``html.escape``, which Django's ``escape`` wraps).
"""

from html import escape

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from verksam.plans.page_parts import followup_parts

register = template.Library()


class _Parts:
    """The markup that nodes share, made the first time a node needs it."""

    def __init__(self, no_round: str) -> None:
        self.no_round = conditional_escape(no_round)
        self.status_badge = followup_parts().status_badge
        self.contexts: dict[tuple[int, str], str] = {}
        self.statuses: dict[tuple[str, str], str] = {}

    def context(self, node) -> str:
        """From the end of the node's title to the opening of its status."""
        key = (node.plan.pk, node.level)
        if key not in self.contexts:
            plan = node.plan
            self.contexts[key] = format_html(
                '</a>\n  <span class="link-context">{} · <a href="{}">{}</a> · {}</span>\n'
                '  <span class="chain__status" data-status="',
                node.level,
                plan.url,
                plan.title,
                plan.organisation_name,
            )
        return self.contexts[key]

    def status(self, node) -> str:
        """From the node's status to the end of its status."""
        key = (node.status, node.status_in)
        if key not in self.statuses:
            if node.status:
                shown = format_html("{} {}", node.status_in, self.status_badge(node.status))
            else:
                shown = self.no_round
            self.statuses[key] = f'{escape(node.status)}">{shown}</span>\n'
        return self.statuses[key]


def _node(node, parts: _Parts, out: list[str]) -> None:
    out.append(
        f'<li class="chain__item" data-item="{node.pk}">\n  <a href="{escape(node.url)}">'
        f"{escape(node.title)}{parts.context(node)}{parts.status(node)}"
    )
    if node.children:
        out.append('  <ul class="chain__children">')
        for child in node.children:
            _node(child, parts, out)
        out.append("</ul>\n")
    out.append("</li>\n")


@register.simple_tag(takes_context=True)
def chain_nodes(context, nodes) -> SafeString:
    """The nodes (plans.chain.ChainNode) with the nodes below each."""
    parts = _Parts(context.get("no_round", ""))
    out: list[str] = []
    for node in nodes:
        _node(node, parts, out)
    return mark_safe("".join(out))  # noqa: S308 - every value was escaped above
