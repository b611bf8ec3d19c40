"""The pieces the reports share: status lines and summaries, follow-up texts, and the
indicators' values against their targets as tables and charts.

Each takes the ``PlanReading`` already read (``verksam.documents.reading``) and
gives blocks of ``verksam.documents.content``; none asks the database.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.documents.content import (
    Block,
    Fact,
    FactList,
    Figure,
    Heading,
    Paragraph,
    StatusLine,
    Table,
)
from verksam.documents.formatting import (
    NO_VALUE,
    capitalise,
    format_number,
    format_percent,
)
from verksam.documents.reading import PlanReading, Value
from verksam.followup.charts import Chart, indicator_trend_chart, status_text
from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.dashboards import selectors as dashboard_selectors
from verksam.followup.models import Assessment
from verksam.followup.rollup import IndicatorResult
from verksam.indicators.models import ItemIndicator
from verksam.indicators.selectors import period_label
from verksam.plans.models import Item

#: At most this many measured values in a chart, the latest ones.
MAX_POINTS = dashboard_selectors.TREND_MAX_POINTS


def indicator_name(use: ItemIndicator) -> str:
    indicator = use.indicator
    return f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name


def baseline_text(use: ItemIndicator) -> str:
    if use.baseline is None:
        return NO_VALUE
    value = format_number(use.baseline, use.indicator.decimals)
    return f"{value} ({use.baseline_label})" if use.baseline_label else value


def status_line(reading: PlanReading, item: Item) -> StatusLine:
    derivation = reading.derivations.get(item.pk)
    status = reading.status(item)
    return StatusLine(
        label=_("Status in %(name)s") % {"name": reading.round_name},
        status=status,
        text=status_text(status),
        note=derivation.explanation() if derivation else "",
    )


def top_level_name(reading: PlanReading) -> str:
    return reading.plan.level_name(0)


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(
        f"{count} {status_text(status)}"
        for status in GoalStatus.values
        if (count := counts.get(status, 0))
    )


def status_sentence(reading: PlanReading) -> str:
    """How many top-level items have each status: "… (fokusområde): 2 ✓ uppfyllt, 1 ◐ …"."""
    top = reading.top_items
    counts = dashboard_selectors.round_counts(top, reading.derivations)
    return ngettext(
        "Status in %(round)s of %(total)d item at the plan's top level (%(level)s): %(counts)s.",
        "Status in %(round)s of %(total)d items at the plan's top level (%(level)s): %(counts)s.",
        len(top),
    ) % {
        "round": reading.round_name,
        "total": len(top),
        "level": top_level_name(reading).lower(),
        "counts": _counts_text(counts) or status_text(GoalStatus.NOT_ASSESSED),
    }


def approval_sentence(reading: PlanReading) -> str:
    total = len(reading.items)
    approved = sum(
        1
        for item in reading.items
        if (a := reading.assessments.get(item.pk)) and a.state == AssessmentState.APPROVED
    )
    return ngettext(
        "%(approved)d of %(total)d item has an approved follow-up in %(round)s.",
        "%(approved)d of %(total)d items have an approved follow-up in %(round)s.",
        total,
    ) % {"approved": approved, "total": total, "round": reading.round_name}


def status_table(reading: PlanReading) -> Table:
    """The top-level items and their statuses in the round."""
    level = top_level_name(reading)
    return Table(
        caption=_("Status of each %(level)s in %(round)s")
        % {"level": level.lower(), "round": reading.round_name},
        header=[capitalise(level), _("Status")],
        rows=[[item.title, status_text(reading.status(item))] for item in reading.top_items],
        status_columns=[1],
    )


def _summary_figure(reading: PlanReading) -> Figure:
    chart = dashboard_selectors.round_summary_chart(
        reading.plan, reading.followup_round, reading.top_items, reading.derivations
    )
    return chart_figure(chart, status_columns=[0])


def chart_figure(chart: Chart, *, status_columns: list[int] | None = None) -> Figure:
    """A chart as a document's figure: PNG and SVG, its sentence as caption, its data as table."""
    headers = list(chart.table.headers)
    status_columns = status_columns or []
    return Figure(
        caption=chart.description,
        chart=chart,
        table=Table(
            caption=chart.title,
            header=headers,
            rows=[list(row) for row in chart.table.rows],
            numeric=[i for i in range(1, len(headers)) if i not in status_columns],
            status_columns=status_columns,
        ),
    )


def summary_blocks(reading: PlanReading) -> list[Block]:
    return [
        Heading(_("Summary"), 1),
        Paragraph(status_sentence(reading), style="lead"),
        Paragraph(approval_sentence(reading)),
        status_table(reading),
        _summary_figure(reading),
    ]


def assessment_blocks(
    assessment: Assessment, *, texts: tuple[str, ...], forecast: bool = True
) -> list[Block]:
    """An item's follow-up: a note when it is not yet approved, then its facts and texts."""
    blocks: list[Block] = []
    facts = []
    if assessment.state != AssessmentState.APPROVED:
        note = _("Not yet approved (%(state)s): this follow-up may still change.") % {
            "state": AssessmentState(assessment.state).label
        }
        blocks.append(Paragraph(note, style="muted"))
        facts.append(Fact(_("Reported status"), status_text(assessment.status)))
    if assessment.progress is not None:
        facts.append(Fact(_("Progress"), format_percent(assessment.progress)))
    if forecast and assessment.forecast:
        facts.append(Fact(_("Forecast for the year"), status_text(assessment.forecast)))
    if assessment.is_late:
        facts.append(Fact(_("Reported"), _("after the due date")))
    labels = {
        "done": _("What was done"),
        "results": _("Results and analysis"),
        "improvements": _("Improvements and next steps"),
    }
    for name in texts:
        text = getattr(assessment, name).strip()
        if text:
            facts.append(Fact(labels[name], text))
    if facts:
        blocks.append(FactList(facts))
    return blocks


def subtrees(items: list[Item]) -> list[tuple[Item, list[Item]]]:
    """Each top-level item with the items below it, from items in reading order."""
    groups: list[tuple[Item, list[Item]]] = []
    for item in items:
        if item.parent_id is None:
            groups.append((item, []))
        elif groups:
            groups[-1][1].append(item)
    return groups


# --- Indicator values and charts -----------------------------------------------------------


def _months(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def is_whole_year(start: datetime.date, end: datetime.date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
        start.year == end.year
    )


def _trend_length(use: ItemIndicator, result: IndicatorResult | None, values: list[Value]) -> int:
    """How long the periods of an indicator's chart are, in months: those of the round's
    target, else the most usual target's, else the most usual measured period's."""
    if result is not None and result.period_start and result.period_end:
        return _months(result.period_start, result.period_end)
    lengths = Counter(_months(t.period_start, t.period_end) for t in use.targets.all())
    if not lengths:
        lengths = Counter(_months(v.start, v.end) for v in values)
    return lengths.most_common(1)[0][0] if lengths else 12


def trend_chart(
    reading: PlanReading, use: ItemIndicator, *, months: int | None = None
) -> Chart | None:
    """The indicator's measured values and targets for periods of one length (`months`,
    by default as the round's target), or None when there is no measured value to show."""
    if use.pk not in reading.readable:
        return None
    values = reading.measured.get((use.indicator_id, use.organisation_id), [])
    if months is None:
        months = _trend_length(use, _result_of(reading, use), values)
    values = [v for v in values if _months(v.start, v.end) == months][-MAX_POINTS:]
    if not values:
        return None
    targets = [t for t in use.targets.all() if _months(t.period_start, t.period_end) == months]
    points: list[tuple[str, Decimal]] = [(period_label(v.start, v.end), v.value) for v in values]
    if use.baseline is not None:
        label = use.baseline_label or _("Baseline")
        if label not in {point_label for point_label, _value in points}:
            points.insert(0, (label, use.baseline))
    dated = sorted(
        {(t.period_start, t.period_end) for t in targets} | {(v.start, v.end) for v in values}
    )
    periods = [period_label(start, end) for start, end in dated]
    if points[0][0] not in periods:
        periods.insert(0, points[0][0])
    indicator = use.indicator
    return indicator_trend_chart(
        indicator.name,
        indicator.unit,
        points,
        [(period_label(t.period_start, t.period_end), t.value) for t in targets],
        decimals=indicator.decimals,
        direction=indicator.direction,
        periods=periods,
    )


def _result_of(reading: PlanReading, use: ItemIndicator) -> IndicatorResult | None:
    derivation = reading.derivations.get(use.item_id)
    if derivation is None:
        return None
    return next((r for r in derivation.indicators if r.indicator_id == use.indicator_id), None)


def round_indicator_table(reading: PlanReading, item: Item, uses: list[ItemIndicator]) -> Table:
    """The item's indicators in the round: baseline, the round's target, the value, the status."""
    rows = []
    for use in uses:
        decimals = use.indicator.decimals
        result = _result_of(reading, use)
        if result is None:
            rows.append(
                [
                    indicator_name(use),
                    baseline_text(use),
                    NO_VALUE,
                    NO_VALUE,
                    NO_VALUE,
                    status_text(GoalStatus.NOT_ASSESSED),
                ]
            )
            continue
        value = result.value if use.pk in reading.readable else None
        rows.append(
            [
                indicator_name(use),
                baseline_text(use),
                period_label(result.period_start, result.period_end),
                format_number(result.target, decimals),
                format_number(value, decimals),
                status_text(result.status),
            ]
        )
    return Table(
        caption=_("Indicators of %(title)s in %(round)s")
        % {"title": item.title, "round": reading.round_name},
        header=[
            _("Indicator"),
            _("Baseline"),
            _("Period"),
            _("Target"),
            _("Measured value"),
            _("Status"),
        ],
        rows=rows,
        numeric=[1, 3, 4],
        status_columns=[5],
    )
