"""{% item_cards tree %}: the item cards of a plan that no longer changes, made in Python.

The card of an adopted or archived plan has no buttons, and a 200-item plan
rendered through a recursive template include spent most of its time resolving
template variables. Here each card is one format string filled with escaped
values, with the same markup as ``plans/_item_node.html`` (which draft plans,
with their buttons, still use); the texts shared by every card come from the
template's context, translated once (``_item_tree.html``).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verksam.core.markup import fill
from verksam.plans.page_parts import followup_parts

register = template.Library()


def _links(nodes, label: str, direction: str) -> str:
    if not nodes:
        return ""
    rows = "".join(
        fill(
            '\n    <li><a href="{}">{}</a> <span class="link-context">{} · {} · {}</span></li>',
            other.url,
            other.title,
            other.level_name,
            other.plan.title,
            other.plan.organisation.name,
        )
        for other in nodes
    )
    return (
        f'\n<div class="links links--{direction}">\n  <p class="links__label">'
        f"{conditional_escape(label)}</p>\n  <ul>{rows}\n  </ul>\n</div>"
    )


def _card(node, texts: dict, badge, out: list[str]) -> None:
    item = node.item
    pk = item.pk
    out.append(
        fill(
            '\n<li class="tree__item tree__item--depth-{}" id="item-{}">\n'
            '  <article class="item-card" aria-labelledby="item-{}-title">\n'
            '    <p class="item-card__level">{}</p>\n'
            '    <{} class="item-card__title" id="item-{}-title"><a href="{}">{}</a></{}>',
            item.depth,
            pk,
            pk,
            node.level,
            mark_safe(node.heading),  # noqa: S308 - h3, h4 or h5, made in plan_tree
            pk,
            node.url,
            item.title,
            mark_safe(node.heading),  # noqa: S308
        )
    )
    if node.derivation:
        out.append(
            fill(
                '\n    <p class="item-card__rollup" data-item="{}" data-status="{}"><strong>{}'
                '</strong> {} <span class="muted small">{}</span></p>',
                pk,
                node.derivation.status,
                texts["status_in"],
                badge(node.derivation.status),
                node.explanation,
            )
        )
    if node.summary:
        out.append(fill('\n    <p class="item-card__description">{}</p>', node.summary))
    out.append('\n    <dl class="facts">')
    if item.responsible_organisation:
        out.append(
            fill(
                "\n      <div><dt>{}</dt><dd>{}</dd></div>",
                texts["responsible"],
                item.responsible_organisation.name,
            )
        )
    if node.people:
        out.append(fill("\n      <div><dt>{}</dt><dd>{}</dd></div>", texts["people"], node.people))
    if node.period:
        out.append(fill("\n      <div><dt>{}</dt><dd>{}</dd></div>", texts["time"], node.period))
    if node.tags:
        tags = "".join(fill('<li class="tag">{}</li>', tag) for tag in node.tags)
        out.append(
            fill(
                '\n      <div><dt>{}</dt><dd><ul class="tags">{}</ul></dd></div>',
                texts["tags"],
                mark_safe(tags),  # noqa: S308 - escaped just above
            )
        )
    out.append("\n    </dl>")
    out.append(_links(node.contributes_to, texts["contributes_to"], "up"))
    out.append(_links(node.contributors, texts["contributors"], "down"))
    out.append("\n  </article>")
    if node.children:
        out.append('\n  <ol class="tree">')
        for child in node.children:
            _card(child, texts, badge, out)
        out.append("\n  </ol>")
    out.append("\n</li>")


@register.simple_tag(takes_context=True)
def item_cards(context, tree) -> SafeString:
    """The cards of `tree` (plans.selectors.plan_tree), each with the items below it."""
    status_badge = followup_parts().status_badge
    texts = {
        "status_in": context.get("status_in", ""),
        "responsible": context.get("responsible_label", ""),
        "people": context.get("people_label", ""),
        "time": context.get("time_label", ""),
        "tags": context.get("tags_label", ""),
        "contributes_to": _("Contributes to"),
        "contributors": _("Contributed to by"),
    }
    badges: dict[str, str] = {}

    def badge(status: str) -> str:
        if status not in badges:
            badges[status] = status_badge(status)
        return badges[status]

    out: list[str] = []
    for node in tree:
        _card(node, texts, badge, out)
    return mark_safe("".join(out))  # noqa: S308 - every value was escaped above
