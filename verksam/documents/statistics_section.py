"""The annual report's comparison with other municipalities, from the national statistics.

For every indicator of the plan chosen from the statistics catalogue, the
organisation's value over the years beside its county, Sweden and its peer
group, as a figure with its table and the sources' credit lines. The comparison
itself comes from verksam.statistics, which the pages draw from too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from verksam.documents.content import Figure, Heading, PageBreak, Paragraph, Table
from verksam.indicators.choices import IndicatorSource
from verksam.statistics import charts, selectors
from verksam.statistics.models import IndicatorTerm

STATISTICS_SOURCES = {IndicatorSource.LIBRARY_STATISTICS, IndicatorSource.KOLADA}


class ComparisonChart:
    """Draws a comparison as a document figure asks: PNG for Word, SVG for HTML and PDF."""

    def __init__(self, comparison: selectors.Comparison) -> None:
        self.comparison = comparison

    def png(self) -> bytes:
        return charts.comparison_png(self.comparison)

    def svg(self, *, text_as_paths: bool = True) -> str:
        """The comparison as SVG; its glyphs are drawn as paths whatever `text_as_paths` says."""
        return charts.comparison_svg(self.comparison)


def comparison_blocks(uses) -> list:
    """A chapter of comparisons for the plan's statistics indicators; empty when there are none."""
    uses = [use for use in uses if use.indicator.source in STATISTICS_SOURCES]
    if not uses:
        return []
    links = {
        link.indicator_id: link
        for link in IndicatorTerm.objects.filter(indicator_id__in={u.indicator_id for u in uses})
    }
    blocks: list = []
    done: set[tuple[int, int]] = set()
    for use in uses:
        link = links.get(use.indicator_id)
        if link is None or (use.indicator_id, use.organisation_id) in done:
            continue
        done.add((use.indicator_id, use.organisation_id))
        comparison = selectors.comparison_of_link(link, use.indicator, use.organisation)
        if comparison is None or not comparison.has_values:
            continue
        headers, rows = charts.comparison_table(comparison)
        blocks.append(Heading(comparison.title, 2))
        blocks.append(
            Figure(
                caption=charts.comparison_description(comparison),
                chart=ComparisonChart(comparison),
                table=Table(
                    caption=comparison.title,
                    header=headers,
                    rows=rows,
                    numeric=list(range(1, len(headers))),
                ),
            )
        )
        if comparison.credits:
            blocks.append(Paragraph(" ".join(comparison.credits), style="muted"))
    if not blocks:
        return []
    intro = Paragraph(
        _(
            "The library's figures in the national statistics beside its county, Sweden and "
            "similar municipalities."
        )
    )
    return [PageBreak(), Heading(_("Comparison with other municipalities"), 1), intro, *blocks]
