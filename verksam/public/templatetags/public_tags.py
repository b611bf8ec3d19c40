"""Template filters and tags of the public pages."""

from django import template
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verksam.plans.models import Plan
from verksam.public.selectors import PublicRound, public_plan_url

register = template.Library()


@register.filter
def public_url(plan: Plan) -> str:
    """The address of a plan's public page, e.g. /offentligt/plan/12-verksamhetsplan-2025/."""
    return public_plan_url(plan)


def _lines(text: str) -> str:
    """`text` escaped, its line breaks as <br> (as the linebreaksbr filter does)."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


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
            format_html(
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
                format_html(
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
                out.append(format_html(' <span class="muted">({})</span>', done))
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
