"""{% county_overview_rows overview region query %}: the rows of the county overview, made
in Python.

A county has dozens of rows of a handful of cells each, and including a summary
template per cell (with its translations, its address and its count's words) spent
more of the page's time than reading what the cells count. The rows here have the
markup of ``followup/_county_overview_rows.html`` (kept as the reference a test
compares with, byte for byte): what cells share (the address of a cell with the
filters, the words of a count, a status's badge, the translated labels) is made
once per page.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, npgettext

from verksam.core.markup import fill, html_text
from verksam.followup.overviews.county import RowKind
from verksam.followup.templatetags.followup_tags import status_badge

register = template.Library()

#: Stand-in ids that the cell page's URL pattern accepts, replaced by the real ids.
_SOME_ROW, _SOME_FOCUS_AREA = 2_147_483_646, 2_147_483_647


class _Page:
    """What the rows of one page share, each made the first time a row needs it."""

    def __init__(self, region, query: str) -> None:
        self.cell_url = (
            reverse(
                "dashboards:county_overview_cell",
                args=[region.pk, _SOME_ROW, _SOME_FOCUS_AREA],
            )
            .replace(str(_SOME_ROW), "{row}")
            .replace(str(_SOME_FOCUS_AREA), "{focus_area}")
            + "?"
            + query
        )
        # {% translate "…" %} of a literal leaves the translation as it is: a literal is
        # safe, and so is its translation.
        self.total = gettext("Total")
        self.library_act_label = gettext("Library Act")
        self.notes = {
            RowKind.REGION_UNIT: gettext("the region's library unit"),
            RowKind.MUNICIPALITY: gettext("the municipality's plans outside its libraries"),
            RowKind.REGION: gettext("the region's plans outside its library units"),
        }
        self.missing = gettext("Missing:")
        self.no_plan = gettext("no current library plan")
        self.of_groups = gettext("%(found)s of %(total)s priority groups")
        self.label = gettext("%(name)s, %(focus)s")
        self.words: dict[int, str] = {}
        self.badges: dict[str, str] = {}

    def items(self, count: int) -> str:
        """'item' or 'items' as a count of them says it ({% blocktranslate count %})."""
        if count not in self.words:
            self.words[count] = npgettext("number of items", "item", "items", count) % {}
        return self.words[count]

    def badge(self, status: str) -> str:
        if status not in self.badges:
            self.badges[status] = status_badge(status)
        return self.badges[status]

    def summary(self, summary, href: str = "", context_label: str = "") -> str:
        """``followup/_overview_summary.html``."""
        if not summary.count:
            return (
                '<span class="overview-count overview-count--none">0<span class="visually-hidden">'
                f" {self.items(0)}</span></span>\n"
            )
        words = self.items(summary.count)
        if href:
            count = (
                f'<a href="{html_text(href)}">{summary.count}<span class="visually-hidden">'
                f" {words}: {context_label}</span></a>"
            )
        else:
            count = f'{summary.count}<span class="visually-hidden"> {words}</span>'
        swatch = (
            f'<span class="heat-swatch heat-swatch--{html_text(summary.status)}"'
            ' aria-hidden="true"></span>\n'
            if summary.status
            else "\n"
        )
        tally = summary.tally
        listed = ""
        if len(tally) > 1:
            listed = (
                '<span class="overview-tally">'
                + ", ".join(f"{count} {html_text(label)}" for _status, count, label in tally)
                + "</span>"
            )
        return (
            f'<span class="overview-cell__head">{swatch}<span class="overview-count">{count}'
            f'</span></span>\n<span class="overview-status">{self.badge(summary.status)}</span>\n'
            f"{listed}\n"
        )

    def library_act(self, check) -> str:
        """``followup/_library_act_cell.html``."""
        if not check:
            return f'<span class="overview-note">{self.no_plan}</span>\n'
        groups = self.of_groups % {
            "found": check["groups_found"],
            "total": check["groups_total"],
        }
        missing = ""
        if check["missing"]:
            missing = (
                f'<span class="overview-note">{self.missing} '
                + ", ".join(html_text(label) for label in check["missing"])
                + "</span>"
            )
        return (
            f'<a href="{html_text(check["plan"].get_absolute_url())}#library-act-heading">'
            f"{groups}</a>{missing}\n"
        )


def _status_class(status: str | None) -> str:
    return f" overview-cell--{html_text(status)}" if status else ""


def _row(line, page: _Page, focus_titles: dict[int, str], out: list[str]) -> None:
    organisation, row = line.organisation, line.row
    name = html_text(organisation.name)
    if row.kind == RowKind.LIBRARY:
        note = html_text(row.municipality.name)
    else:
        note = page.notes.get(row.kind, page.notes[RowKind.REGION])
    out.append(
        fill(
            '\n        \n        <tr>\n          <th scope="row"><a href="{}">',
            organisation.get_absolute_url(),
        )
        + f'{name}</a>\n            <span class="overview-note">{note}</span>\n'
        "          </th>\n          "
    )
    for cell in line.cells:
        focus_area = cell.focus_area.pk
        title = focus_titles[focus_area]
        href = page.cell_url.format(row=organisation.pk, focus_area=focus_area)
        context_label = page.label % {"name": name, "focus": title}
        out.append(
            f'\n          <td class="overview-cell{_status_class(cell.summary.status)}"'
            f' data-label="{title}">\n            \n            \n            '
            f"{page.summary(cell.summary, href, context_label)}\n          </td>\n          "
        )
    out.append(
        f'\n          <td class="overview-cell overview-total{_status_class(line.total.status)}"'
        f' data-label="{page.total}">{page.summary(line.total)}</td>\n'
        '          <td class="overview-cell overview-cell--act" data-label="'
        f'{page.library_act_label}">'
        f"{page.library_act(getattr(line, 'library_act', None))}</td>\n        </tr>\n"
        "        \n      "
    )


@register.simple_tag
def county_overview_rows(overview, region, query: str) -> SafeString:
    """The overview's rows (county.CountyOverviewRow, each with its ``library_act``)."""
    page = _Page(region, query)
    focus_titles = {f.pk: html_text(f.title) for f in overview.focus_areas}
    out: list[str] = []
    for line in overview.rows:
        _row(line, page, focus_titles, out)
    if not overview.rows:
        out.append(
            f'\n        <tr><td colspan="{len(overview.focus_areas) + 3}">'
            f"{gettext('The county has no library organisations yet.')}</td></tr>\n"
            "      "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value was escaped above
