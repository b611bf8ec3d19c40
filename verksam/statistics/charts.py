"""The comparison chart: an organisation's value over the years beside its county, the
country and its peer group's median, with the peer group's spread as a band.

Drawn with matplotlib's object API (never pyplot), as SVG for pages and PNG for
documents. Lines differ by colour *and* by marker and dash, so the chart reads
without colour; the same figures come as a table (`comparison_table`).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from verksam.statistics.selectors import Comparison

OWN_COLOUR = "#0072B2"
COUNTY_COLOUR = "#D55E00"
COUNTRY_COLOUR = "#1b1f24"
PEER_COLOUR = "#009E73"
NO_VALUE = "–"


def format_figure(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return NO_VALUE
    return number_format(round(Decimal(value), decimals), decimals, force_grouping=True)


def series_labels(comparison: Comparison) -> dict[str, str]:
    labels = {"own": comparison.area.name}
    if comparison.county:
        labels["county"] = comparison.county.name
    if comparison.country:
        labels["country"] = comparison.country.name
    if comparison.peer_group:
        labels["peer"] = _("%(group)s, median") % {"group": comparison.peer_group.name}
        labels["spread"] = _("%(group)s, middle half") % {"group": comparison.peer_group.name}
    return labels


def comparison_table(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of formatted strings: the chart's figures, for a table."""
    labels = series_labels(comparison)
    headers = [_("Year"), labels["own"]]
    if "county" in labels:
        headers.append(labels["county"])
    if "country" in labels:
        headers.append(labels["country"])
    if "peer" in labels:
        headers += [labels["peer"], labels["spread"]]
    rows = []
    for row in comparison.rows:
        cells = [str(row.year), format_figure(row.own, comparison.decimals)]
        if "county" in labels:
            cells.append(format_figure(row.county, comparison.decimals))
        if "country" in labels:
            cells.append(format_figure(row.country, comparison.decimals))
        if "peer" in labels:
            cells.append(format_figure(row.peer_median, comparison.decimals))
            cells.append(
                f"{format_figure(row.peer_low, comparison.decimals)}–"
                f"{format_figure(row.peer_high, comparison.decimals)} (n={row.peer_count})"
                if row.peer_count
                else NO_VALUE
            )
        rows.append(cells)
    return headers, rows


def comparison_description(comparison: Comparison) -> str:
    """One sentence for the image's alt text: what is compared, and the latest figures."""
    latest = next((row for row in reversed(comparison.rows) if row.own is not None), None)
    if latest is None:
        return _("%(title)s: no values yet.") % {"title": comparison.title}
    parts = [
        _("%(title)s, %(first)s–%(last)s.")
        % {
            "title": comparison.title,
            "first": comparison.rows[0].year,
            "last": comparison.rows[-1].year,
        },
        _("%(year)s: %(area)s %(value)s")
        % {
            "year": latest.year,
            "area": comparison.area.name,
            "value": format_figure(latest.own, comparison.decimals),
        },
    ]
    if comparison.county and latest.county is not None:
        parts.append(
            f", {comparison.county.name} {format_figure(latest.county, comparison.decimals)}"
        )
    if comparison.country and latest.country is not None:
        parts.append(
            f", {comparison.country.name} {format_figure(latest.country, comparison.decimals)}"
        )
    if comparison.peer_group and latest.peer_median is not None:
        parts.append(
            ", "
            + _("median of %(group)s %(value)s")
            % {
                "group": comparison.peer_group.name,
                "value": format_figure(latest.peer_median, comparison.decimals),
            }
        )
    return parts[0] + " " + "".join(parts[1:]) + "."


def _figure(comparison: Comparison, *, width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    labels = series_labels(comparison)
    years = [row.year for row in comparison.rows]

    def line(attribute: str, colour: str, marker: str, style: str, label: str, width=2.0):
        points = [
            (row.year, float(getattr(row, attribute)))
            for row in comparison.rows
            if getattr(row, attribute) is not None
        ]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(
                xs, ys, color=colour, marker=marker, linestyle=style, linewidth=width, label=label
            )

    if "spread" in labels:
        band = [r for r in comparison.rows if r.peer_low is not None]
        if band:
            axes.fill_between(
                [r.year for r in band],
                [float(r.peer_low) for r in band],
                [float(r.peer_high) for r in band],
                color=PEER_COLOUR,
                alpha=0.18,
                linewidth=0,
                label=labels["spread"],
            )
        line("peer_median", PEER_COLOUR, "s", ":", labels["peer"])
    if "country" in labels:
        line("country", COUNTRY_COLOUR, "^", "--", labels["country"], 1.5)
    if "county" in labels:
        line("county", COUNTY_COLOUR, "D", "-.", labels["county"], 1.5)
    line("own", OWN_COLOUR, "o", "-", labels["own"], 2.6)
    axes.set_xticks(years)
    axes.set_xticklabels([str(year) for year in years], rotation=45 if len(years) > 6 else 0)
    axes.set_ylabel(comparison.unit)
    axes.grid(axis="y", color="#c9d0d7", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_ylim(bottom=0)
    if axes.get_legend_handles_labels()[0]:  # a comparison without values draws no lines
        axes.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False, fontsize=8
        )
    return figure


def comparison_svg(comparison: Comparison) -> str:
    buffer = io.StringIO()
    _figure(comparison, width=7.5, height=4.4).savefig(buffer, format="svg")
    return buffer.getvalue()


def comparison_png(comparison: Comparison, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    _figure(comparison, width=7.0, height=4.2).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
