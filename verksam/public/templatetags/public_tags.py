"""Template filters and tags of the public pages."""

from django import template
from django.utils.formats import localize
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verksam.core.markup import fill, html_text
from verksam.plans.models import Plan
from verksam.public.selectors import PublicRound, public_plan_url

register = template.Library()


@register.filter
def public_url(plan: Plan) -> str:
    """The address of a plan's public page, e.g. /offentligt/plan/12-verksamhetsplan-2025/."""
    return public_plan_url(plan)


def _lines(text: str) -> str:
    """`text` escaped, its line breaks as <br> (as the linebreaksbr filter does)."""
    return html_text(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@register.simple_tag
def public_followup_rows(entry: PublicRound) -> SafeString:
    """The rows of a round's follow-up table, one per item in reading order, made in Python.

    A 200-item plan with a few rounds begun has a thousand rows; rendered through the
    template's loop, resolving their variables was most of a cold public page. Each row
    here is a format string filled with escaped values, with the markup the table had
    (public/tests/test_followup_rows.py compares both); texts shared by every row are
    translated once, a status's badge is made once per status.
    """
    from verksam.followup.templatetags.followup_tags import status_badge

    rolled_label = escape(_("Rolled-up status"))
    approved_label = escape(_("Approved follow-up"))
    done_label = escape(_("What was done"))
    results_label = escape(_("Results and analysis"))
    none_label = escape(_("No approved follow-up"))
    badges: dict[str, str] = {}

    def badge(status: str) -> str:
        if status not in badges:
            badges[status] = status_badge(status)
        return badges[status]

    levels: dict[int, str] = {}
    out: list[str] = []
    for row in entry.rows:
        item = row.item
        depth = item.depth
        if depth not in levels:
            levels[depth] = escape(item.level_name)
        out.append(
            fill(
                '\n<tr class="followup-row followup-row--depth-{}">\n'
                '<th scope="row"><span class="muted">{}:</span> <a href="#item-{}">{}</a></th>\n'
                '<td data-label="{}">',
                depth,
                mark_safe(levels[depth]),  # noqa: S308 - escaped just above
                item.pk,
                item.title,
                mark_safe(rolled_label),  # noqa: S308 - escaped above
            )
        )
        derivation = row.derivation
        if derivation:
            out.append(
                fill(
                    '{}<br><span class="muted small">{}</span>',
                    badge(derivation.status),
                    derivation.explanation(),
                )
            )
        out.append(f'</td>\n<td data-label="{approved_label}">')
        assessment = row.assessment
        if assessment:
            out.append(f'\n<p class="public-followup__status">{badge(assessment.status)}')
            if assessment.progress is not None:
                done = _("%(progress)s %% done") % {"progress": localize(assessment.progress)}
                out.append(fill(' <span class="muted">({})</span>', done))
            out.append("</p>")
            if assessment.done or assessment.results:
                out.append('\n<dl class="public-followup__texts">')
                if assessment.done:
                    out.append(f"\n<dt>{done_label}</dt><dd>{_lines(assessment.done)}</dd>")
                if assessment.results:
                    out.append(f"\n<dt>{results_label}</dt><dd>{_lines(assessment.results)}</dd>")
                out.append("\n</dl>")
        else:
            out.append(f'\n<span class="muted">{none_label}</span>')
        out.append("\n</td>\n</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value was escaped above


def _public_links(nodes, label: str, direction: str, url_of) -> str:
    if not nodes:
        return ""
    rows = "".join(
        fill(
            '\n<li><a href="{}#item-{}">{}</a> <span class="link-context">{} · {} · {}</span></li>',
            url_of(other.plan),
            other.pk,
            other.title,
            other.level_name,
            other.plan.title,
            other.plan.organisation.name,
        )
        for other in nodes
    )
    return fill(
        '\n<div class="links links--{}">\n<p class="links__label">{}</p>\n<ul>{}\n</ul>\n</div>',
        direction,
        label,
        mark_safe(rows),  # noqa: S308 - escaped just above
    )


def _public_card(node, texts: dict, url_of, out: list[str]) -> None:
    item = node.item
    pk = item.pk
    depth = item.depth
    heading = ("h3", "h4", "h5")[depth] if depth < 3 else "h6"
    out.append(
        fill(
            '\n<li class="tree__item tree__item--depth-{}" id="item-{}">\n'
            '<article class="item-card" aria-labelledby="item-{}-title">\n'
            '<p class="item-card__level">{}</p>\n'
            '<{} class="item-card__title" id="item-{}-title">{}</{}>',
            depth,
            pk,
            pk,
            node.level,
            mark_safe(heading),  # noqa: S308 - h3 to h6, chosen just above
            pk,
            item.title,
            mark_safe(heading),  # noqa: S308
        )
    )
    if item.description:
        out.append(
            fill(
                '\n<div class="item-card__description">{}</div>',
                mark_safe(linebreaks(item.description, autoescape=True)),  # noqa: S308 - escaped
            )
        )
    out.append('\n<dl class="facts">')
    if item.responsible_organisation:
        out.append(
            fill(
                "\n<div><dt>{}</dt><dd>{}</dd></div>",
                texts["responsible"],
                item.responsible_organisation.name,
            )
        )
    if node.period:
        out.append(fill("\n<div><dt>{}</dt><dd>{}</dd></div>", texts["time"], node.period))
    if node.tags:
        tags = "".join(fill('<li class="tag">{}</li>', tag) for tag in node.tags)
        out.append(
            fill(
                '\n<div><dt>{}</dt><dd><ul class="tags">{}</ul></dd></div>',
                texts["tags"],
                mark_safe(tags),  # noqa: S308 - escaped just above
            )
        )
    out.append("\n</dl>")
    out.append(_public_links(node.contributes_to, texts["contributes_to"], "up", url_of))
    out.append(_public_links(node.contributors, texts["contributors"], "down", url_of))
    out.append("\n</article>")
    if node.children:
        out.append('\n<ol class="tree">')
        for child in node.children:
            _public_card(child, texts, url_of, out)
        out.append("\n</ol>")
    out.append("\n</li>")


@register.simple_tag(takes_context=True)
def public_item_cards(context, tree) -> SafeString:
    """The item cards of a public plan page (`tree` from plans.selectors.plan_tree), made in
    Python with the markup of ``public/_item_node.html`` (public/tests/test_public_item_cards.py
    compares both); the labels come from the template's context, translated once, and each
    linked plan's public address is made once."""
    texts = {
        "responsible": context.get("responsible_label", ""),
        "time": context.get("time_label", ""),
        "tags": context.get("tags_label", ""),
        "contributes_to": context.get("contributes_label", ""),
        "contributors": context.get("contributors_label", ""),
    }
    urls: dict[int, str] = {}

    def url_of(plan: Plan) -> str:
        if plan.pk not in urls:
            urls[plan.pk] = public_plan_url(plan)
        return urls[plan.pk]

    out: list[str] = []
    for node in tree:
        _public_card(node, texts, url_of, out)
    return mark_safe("".join(out))  # noqa: S308 - every value was escaped above
