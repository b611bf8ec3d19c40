"""{% chain_nodes nodes %}: the nodes of an item's chain, made in Python.

An item trace lists hundreds of contributing items, and a recursive template
include per node spent most of the page's time resolving template variables.
Each node here is one format string filled with escaped values, with the markup
of ``plans/_chain_node.html`` (kept as the reference a test compares with).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from verksam.plans.page_parts import followup_parts

register = template.Library()


def _node(node, no_round: str, badge, out: list[str]) -> None:
    item = node.item
    out.append(
        format_html(
            '<li class="chain__item" data-item="{}">\n  <a href="{}">{}</a>\n'
            '  <span class="link-context">{} · <a href="{}">{}</a> · {}</span>\n'
            '  <span class="chain__status" data-status="{}">',
            item.pk,
            node.url,
            item.title,
            node.level,
            node.plan_url,
            item.plan.title,
            item.plan.organisation.name,
            node.derivation.status if node.derivation else "",
        )
    )
    if node.derivation:
        out.append(format_html("{} {}", node.status_in, badge(node.derivation.status)))
    else:
        out.append(format_html("{}", no_round))
    out.append("</span>\n")
    if node.children:
        out.append('  <ul class="chain__children">')
        for child in node.children:
            _node(child, no_round, badge, out)
        out.append("</ul>\n")
    out.append("</li>\n")


@register.simple_tag(takes_context=True)
def chain_nodes(context, nodes) -> SafeString:
    """The nodes (plans.chain.ChainNode) with the nodes below each."""
    status_badge = followup_parts().status_badge
    badges: dict[str, str] = {}

    def badge(status: str) -> str:
        if status not in badges:
            badges[status] = status_badge(status)
        return badges[status]

    out: list[str] = []
    for node in nodes:
        _node(node, context.get("no_round", ""), badge, out)
    return mark_safe("".join(out))  # noqa: S308 - every value was escaped above
