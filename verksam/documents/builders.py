"""Build what a document says from a plan and, for a report, one of its follow-up rounds.

``build_document`` reads everything a document shows in a fixed number of
queries, whatever the number of items, indicators, rounds and measurements
(``verksam.documents.reading.read_plan``: the plan's items, indicators and
targets, the measured values, the round's assessments and its roll-up), then
lays out with the pieces the reports share (``verksam.documents.report_parts``) a
``DocumentContent`` for one of four kinds:

- the plan itself (verksamhetsplan): its text sections, then its items level
  by level with their indicators, baselines and targets;
- a tertial or interim report (tertial-/delårsrapport): a summary of the
  top-level items' statuses, then every item's status, follow-up texts and
  indicator values against their targets, with charts;
- an annual report (verksamhetsberättelse): the year's results per top-level
  item, key figures over the years, and the improvements carried into the next
  plan;
- a report to the board (återrapportering till nämnd): a short summary and a
  proposed decision.

Every text is translated and formatted in the language active while building
(``verksam.documents.formatting``); statuses are written as symbol and word.
Charts are drawn from the values already read, never by asking again.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.documents.competence_section import competence_blocks
from verksam.documents.content import (
    KINDS_WITH_ROUND,
    Block,
    DocumentContent,
    DocumentKind,
    Fact,
    FactList,
    FrontPage,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    round_fits,
)
from verksam.documents.formatting import (
    NO_VALUE,
    capitalise,
    format_date,
    format_number,
    format_percent,
    language_code,
    period_text,
    person_name,
    shorten,
)
from verksam.documents.reading import PlanReading, read_plan
from verksam.documents.report_parts import (
    approval_sentence,
    assessment_blocks,
    baseline_text,
    chart_figure,
    indicator_name,
    is_whole_year,
    round_indicator_table,
    status_line,
    status_sentence,
    status_table,
    subtrees,
    summary_blocks,
    top_level_name,
    trend_chart,
)
from verksam.documents.resources_section import resources_blocks
from verksam.documents.statistics_section import comparison_blocks
from verksam.followup.charts import status_text
from verksam.followup.choices import Rhythm
from verksam.followup.dashboards import selectors as dashboard_selectors
from verksam.followup.models import FollowUpRound
from verksam.indicators.models import ItemIndicator
from verksam.indicators.selectors import period_label
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item, Plan

#: The deepest heading an item gets; items further down get an emphasised paragraph.
MAX_HEADING_LEVEL = 3
#: How long the board report's text of each top-level item is, in characters.
BOARD_TEXT_LENGTH = 600
#: At most this many years in the annual report's table of key figures, the latest ones.
KEY_FIGURE_YEARS = 6


# --- Which documents a plan gives ----------------------------------------------------------


def kinds_for(plan: Plan) -> list[str]:
    """The kinds of document the plan gives: the plan always, each report once the plan has
    a round it fits (``round_fits``: no interim report of a plan followed up once a year).
    One query."""
    rounds = dashboard_selectors.plan_rounds(plan)
    kinds = [str(DocumentKind.OPERATIONAL_PLAN)]
    kinds += [str(kind) for kind in KINDS_WITH_ROUND if any(round_fits(kind, r) for r in rounds)]
    return kinds


def default_round(
    plan: Plan, kind: str, *, today: datetime.date | None = None
) -> FollowUpRound | None:
    """The round a report of `kind` is usually made on; None for the plan document.

    The latest round whose period has ended, the one there is something to
    report on; before any has ended, the round in progress (the latest started,
    the shortest of those starting the same day, so T1 before the whole year),
    or else the first, among the rounds the kind fits (``round_fits``); None when
    it fits none. One query.
    """
    if kind not in KINDS_WITH_ROUND:
        return None
    today = today or timezone.localdate()
    rounds = [r for r in dashboard_selectors.plan_rounds(plan) if round_fits(kind, r)]
    ended = [r for r in rounds if r.period_end < today]
    if ended:
        return max(ended, key=lambda r: (r.period_end, r.period_start, r.pk))
    started = [r for r in rounds if r.period_start <= today]
    if started:
        return max(started, key=lambda r: (r.period_start, -r.period_end.toordinal(), r.pk))
    return rounds[0] if rounds else None


def build_document(
    *, plan: Plan, kind: str, followup_round: FollowUpRound | None = None, user=None
) -> DocumentContent:
    """What a document of `kind` on `plan` (and `followup_round`, for reports) says.

    `user` is the person the document is made for: drafts and submitted
    follow-ups appear in an interim report (marked as not yet approved) only
    when they may see them, and measured values only of the organisations whose
    measurements they may read. None is Verksam itself (the command line, the
    benchmark): measured values, and approved follow-up only.

    A fixed number of queries whatever the size of the plan. Raises
    ValidationError naming the field ("kind" or "followup_round") for an
    unknown kind, a report without a round, or a round of another plan.
    """
    check_request(plan=plan, kind=kind, followup_round=followup_round)
    if followup_round is not None:
        followup_round.plan = plan
    reading = read_plan(plan, followup_round=followup_round, user=user)
    title, kind_label = document_titles(plan, kind, followup_round)
    front_page = _front_page(reading, title, kind_label)
    return DocumentContent(
        kind=str(kind),
        language=language_code(),
        front_page=front_page,
        blocks=_BLOCKS[str(kind)](reading),
        header_text=f"{front_page.organisation} – {title}",
        made_at=timezone.now(),
    )


def check_request(*, plan: Plan, kind: str, followup_round: FollowUpRound | None) -> None:
    """Refuse an unknown kind, a report without a round and a round of another plan."""
    if kind not in DocumentKind.values:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("“%(kind)s” is not a kind of document that Verksam makes.") % {"kind": kind},
                    code="unknown_kind",
                )
            }
        )
    if kind in KINDS_WITH_ROUND and followup_round is None:
        message = _("Choose the follow-up round that the report (%(kind)s) covers.") % {
            "kind": DocumentKind(kind).label
        }
        raise ValidationError({"followup_round": ValidationError(message, code="required")})
    if kind not in KINDS_WITH_ROUND and followup_round is not None:
        message = _("The plan document is made without a follow-up round; leave it empty.")
        raise ValidationError({"followup_round": ValidationError(message, code="not_wanted")})
    if followup_round is not None and followup_round.plan_id != plan.pk:
        message = _("The follow-up round “%(round)s” is not a round of the plan “%(plan)s”.") % {
            "round": followup_round.name,
            "plan": plan.title,
        }
        raise ValidationError({"followup_round": ValidationError(message, code="other_plan")})


def document_titles(plan: Plan, kind: str, followup_round: FollowUpRound | None) -> tuple[str, str]:
    """The document's title and the name of its kind, e.g. ("Tertialrapport T1 2025",
    "Tertialrapport"); the plan document is titled as the plan and named by its kind."""
    if kind == DocumentKind.OPERATIONAL_PLAN or followup_round is None:
        return plan.title, capitalise(plan.get_kind_display())
    if kind == DocumentKind.INTERIM_REPORT:
        tertial = followup_round.rhythm == Rhythm.TERTIAL and not followup_round.is_year_end
        label = _("Tertial report") if tertial else _("Interim report")
        return f"{label} {followup_round.name}", label
    if kind == DocumentKind.ANNUAL_REPORT:
        label = _("Annual report")
        period = period_label(followup_round.period_start, followup_round.period_end)
        return f"{label} {period}", label
    label = _("Report to the board")
    return f"{label} {followup_round.name}", label


# --- The front page ------------------------------------------------------------------------


def _front_page(reading: PlanReading, title: str, kind_label: str) -> FrontPage:
    plan = reading.plan
    facts = [Fact(_("Period"), period_text(plan.period_start, plan.period_end))]
    followup_round = reading.followup_round
    if followup_round is not None:
        facts.append(Fact(_("Follow-up round"), _round_text(followup_round)))
    facts.append(Fact(_("Status of the plan"), capitalise(plan.get_status_display())))
    decision = reading.decision if plan.status != PlanStatus.DRAFT else None
    case_number = ""
    if decision is not None:
        adopted = _("Adopted by %(body)s on %(date)s") % {
            "body": decision.body,
            "date": format_date(decision.decided_on),
        }
        facts.append(Fact(_("Decision"), adopted))
        case_number = decision.case_number
        if case_number:
            facts.append(Fact(_("Case number"), case_number))
        if decision.note.strip():
            facts.append(Fact(_("Note on the decision"), decision.note.strip()))
    if reading.has_demo_values:
        facts.append(
            Fact(
                _("Measured values"),
                _("Invented demo values for the demonstration, not statistics."),
            )
        )
    return FrontPage(
        organisation=plan.organisation.name,
        title=title,
        kind_label=kind_label,
        subtitle=plan.title if followup_round is not None else "",
        facts=facts,
        generated_on=format_date(timezone.localdate()),
        case_number=case_number,
    )


def _round_text(followup_round: FollowUpRound) -> str:
    period = period_text(followup_round.period_start, followup_round.period_end)
    return (
        followup_round.name
        if period == followup_round.name
        else f"{followup_round.name} ({period})"
    )


# --- The plan document ---------------------------------------------------------------------


def _plan_blocks(reading: PlanReading) -> list[Block]:
    """The plan's summary and sections, then each item with its facts and indicators."""
    plan = reading.plan
    blocks: list[Block] = []
    if plan.summary.strip():
        blocks.append(Paragraph(plan.summary, style="lead"))
    for section in reading.sections:
        blocks.append(Heading(section.title, 1))
        if section.body.strip():
            blocks.append(Paragraph(section.body))
    if not reading.items:
        blocks.append(Paragraph(_("The plan has no items yet."), style="muted"))
        return blocks
    if blocks:
        blocks.append(PageBreak())
    for item in reading.items:
        blocks.append(_item_title(item))
        if item.description.strip():
            blocks.append(Paragraph(item.description))
        facts = _item_facts(item)
        if facts:
            blocks.append(FactList(facts))
        uses = reading.uses_of.get(item.pk)
        if uses:
            blocks.append(_plan_indicator_table(item, uses))
    return blocks


def _item_title(item: Item, *, level: int | None = None) -> Heading | Paragraph:
    """The item named with its level, "Fokusområde: Läsfrämjande", as a heading by its depth."""
    text = f"{item.plan.level_name(item.depth)}: {item.title}"
    level = item.depth + 1 if level is None else level
    if level <= MAX_HEADING_LEVEL:
        return Heading(text, level)
    return Paragraph(text, style="lead")


def _item_facts(item: Item) -> list[Fact]:
    facts = []
    if item.responsible_organisation is not None:
        facts.append(Fact(_("Responsible"), item.responsible_organisation.name))
    people = [person_name(person) for person in item.responsible_people.all()]
    if people:
        facts.append(Fact(_("Responsible people"), ", ".join(sorted(people))))
    if item.start_date:
        facts.append(Fact(_("Start date"), format_date(item.start_date)))
    if item.end_date:
        facts.append(Fact(_("End date"), format_date(item.end_date)))
    tags = [str(tag) for tag in item.tags.all()]
    if tags:
        facts.append(Fact(_("Tags"), ", ".join(tags)))
    return facts


def _plan_indicator_table(item: Item, uses: list[ItemIndicator]) -> Table:
    """The item's indicators, one row per target: baseline, period and target value."""
    rows = []
    for use in uses:
        name, baseline = indicator_name(use), baseline_text(use)
        targets = list(use.targets.all())
        if not targets:
            rows.append([name, baseline, NO_VALUE, NO_VALUE])
        for target in targets:
            rows.append(
                [
                    name,
                    baseline,
                    period_label(target.period_start, target.period_end),
                    format_number(target.value, use.indicator.decimals),
                ]
            )
    return Table(
        caption=_("Indicators of %(title)s") % {"title": item.title},
        header=[_("Indicator"), _("Baseline"), _("Period"), _("Target")],
        rows=rows,
        numeric=[1, 3],
    )


# --- The tertial or interim report ---------------------------------------------------------


def _interim_blocks(reading: PlanReading) -> list[Block]:
    """A summary, then every item: status, follow-up, indicators against targets, charts."""
    blocks = summary_blocks(reading)
    for item in reading.items:
        if item.parent_id is None:
            blocks.append(PageBreak())
        blocks.append(_item_title(item))
        blocks.append(status_line(reading, item))
        assessment = reading.assessment(item)
        if assessment is not None:
            blocks += assessment_blocks(
                assessment, texts=("done", "results", "improvements"), forecast=True
            )
        uses = reading.uses_of.get(item.pk)
        if uses:
            blocks.append(round_indicator_table(reading, item, uses))
            for use in uses:
                chart = trend_chart(reading, use)
                if chart is not None:
                    blocks.append(chart_figure(chart))
    return blocks


# --- The annual report ---------------------------------------------------------------------


def _annual_blocks(reading: PlanReading) -> list[Block]:
    """The summary, the year's results per top-level item, key figures and improvements."""
    blocks = summary_blocks(reading)
    for top, below in subtrees(reading.items):
        blocks.append(PageBreak())
        blocks += _annual_item_blocks(reading, top, level=1)
        if below:
            blocks.append(_items_below_table(reading, top, below))
        for item in below:
            assessment = reading.assessment(item, approved_only=True)
            if assessment is not None and (assessment.done.strip() or assessment.results.strip()):
                blocks += _annual_item_blocks(reading, item, level=item.depth + 1)
    blocks.append(PageBreak())
    blocks += _key_figure_blocks(reading)
    blocks += comparison_blocks(reading.uses)
    blocks += resources_blocks(reading)
    blocks += competence_blocks(reading)
    blocks += _improvement_blocks(reading)
    return blocks


def _annual_item_blocks(reading: PlanReading, item: Item, *, level: int) -> list[Block]:
    blocks: list[Block] = [_item_title(item, level=level), status_line(reading, item)]
    assessment = reading.assessment(item, approved_only=True)
    if assessment is not None:
        blocks += assessment_blocks(assessment, texts=("done", "results"), forecast=False)
    return blocks


def _items_below_table(reading: PlanReading, top: Item, below: list[Item]) -> Table:
    rows = []
    for item in below:
        assessment = reading.assessment(item, approved_only=True)
        progress = assessment.progress if assessment is not None else None
        rows.append(
            [
                f"{reading.plan.level_name(item.depth)}: {item.title}",
                status_text(reading.status(item)),
                format_percent(progress),
            ]
        )
    return Table(
        caption=_("Status of the items under %(title)s in %(round)s")
        % {"title": top.title, "round": reading.round_name},
        header=[_("Item"), _("Status"), _("Progress")],
        rows=rows,
        numeric=[2],
        status_columns=[1],
    )


def _key_figure_years(reading: PlanReading) -> list[int]:
    """The plan's years and the earlier years with measured values, at most KEY_FIGURE_YEARS."""
    plan = reading.plan
    report_year = reading.followup_round.period_end.year
    years = set(range(plan.period_start.year, plan.period_end.year + 1))
    for values in reading.measured.values():
        years.update(v.start.year for v in values if is_whole_year(v.start, v.end))
    ordered = sorted(years)
    while len(ordered) > KEY_FIGURE_YEARS and ordered[0] < report_year:
        ordered.pop(0)
    return ordered[:KEY_FIGURE_YEARS]


def _key_figures_table(reading: PlanReading, uses: list[ItemIndicator]) -> Table:
    """Each indicator's baseline, and its measured values and targets per year: two rows."""
    years = _key_figure_years(reading)
    names = Counter(indicator_name(use) for use in uses)
    titles = {item.pk: item.title for item in reading.items}
    rows = []
    for use in uses:
        decimals = use.indicator.decimals
        name = indicator_name(use)
        if names[name] > 1:
            name = f"{name} – {titles.get(use.item_id, '')}"
        measured = {}
        if use.pk in reading.readable:
            for v in reading.measured.get((use.indicator_id, use.organisation_id), []):
                if is_whole_year(v.start, v.end):
                    measured[v.start.year] = v.value
        targets = {
            t.period_start.year: t.value
            for t in use.targets.all()
            if is_whole_year(t.period_start, t.period_end)
        }
        rows.append(
            [name, _("Measured value"), baseline_text(use)]
            + [format_number(measured.get(year), decimals) for year in years]
        )
        rows.append(
            [name, _("Target"), NO_VALUE]
            + [format_number(targets.get(year), decimals) for year in years]
        )
    return Table(
        caption=_("Key figures per year"),
        header=[_("Indicator"), _("Value"), _("Baseline"), *[str(year) for year in years]],
        rows=rows,
        numeric=list(range(2, 3 + len(years))),
    )


def _key_figure_blocks(reading: PlanReading) -> list[Block]:
    blocks: list[Block] = [Heading(_("Key figures"), 1)]
    uses = reading.uses
    if not uses:
        blocks.append(Paragraph(_("The plan follows no indicators."), style="muted"))
        return blocks
    blocks.append(_key_figures_table(reading, uses))
    for use in uses:
        chart = trend_chart(reading, use, months=12)
        if chart is not None:
            blocks.append(chart_figure(chart))
    return blocks


def _improvement_blocks(reading: PlanReading) -> list[Block]:
    """The approved improvements and next steps of every item, for the next plan."""
    blocks: list[Block] = [Heading(_("Improvements carried into the next plan"), 1)]
    found = False
    for item in reading.items:
        assessment = reading.assessment(item, approved_only=True)
        if assessment is None or not assessment.improvements.strip():
            continue
        found = True
        blocks.append(_item_title(item, level=2))
        blocks.append(Paragraph(assessment.improvements.strip()))
    if not found:
        blocks.append(
            Paragraph(
                _("No improvements were reported in %(round)s.") % {"round": reading.round_name},
                style="muted",
            )
        )
    return blocks


# --- The report to the board ---------------------------------------------------------------


def _board_blocks(reading: PlanReading) -> list[Block]:
    """A summary, each top-level item's status and results in short, and a proposed decision."""
    blocks: list[Block] = [
        Heading(_("Summary"), 1),
        Paragraph(status_sentence(reading), style="lead"),
        Paragraph(approval_sentence(reading)),
        status_table(reading),
        Heading(
            _("Results per %(level)s") % {"level": top_level_name(reading).lower()},
            1,
        ),
    ]
    for item in reading.top_items:
        blocks.append(Heading(item.title, 2))
        blocks.append(status_line(reading, item))
        assessment = reading.assessment(item, approved_only=True)
        if assessment is not None and assessment.results.strip():
            blocks.append(Paragraph(shorten(assessment.results, BOARD_TEXT_LENGTH)))
        else:
            blocks.append(
                Paragraph(
                    _("No approved results for %(round)s.") % {"round": reading.round_name},
                    style="muted",
                )
            )
    blocks += [
        Heading(_("Proposed decision"), 1),
        Paragraph(_("The board is proposed to decide")),
        Paragraph(
            _("to approve the report on %(round)s and place it on file.")
            % {"round": reading.round_name}
        ),
    ]
    return blocks


_BLOCKS = {
    DocumentKind.OPERATIONAL_PLAN.value: _plan_blocks,
    DocumentKind.INTERIM_REPORT.value: _interim_blocks,
    DocumentKind.ANNUAL_REPORT.value: _annual_blocks,
    DocumentKind.BOARD_REPORT.value: _board_blocks,
}
