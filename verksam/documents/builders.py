"""Build what a document says from a plan and, for a report, one of its follow-up rounds.

``build_document`` reads everything a document shows in a fixed number of
queries, whatever the number of items, indicators, rounds and measurements
(``read_plan``: the plan's items, indicators and targets, the measured values,
the round's assessments and its roll-up), then lays it out as a
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.documents.competence_section import competence_blocks
from verksam.documents.content import (
    KINDS_WITH_ROUND,
    Block,
    DocumentContent,
    DocumentKind,
    Fact,
    FactList,
    Figure,
    FrontPage,
    Heading,
    PageBreak,
    Paragraph,
    StatusLine,
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
from verksam.documents.resources_section import resources_blocks
from verksam.documents.statistics_section import comparison_blocks
from verksam.followup.charts import Chart, indicator_trend_chart, status_text
from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.dashboards import selectors as dashboard_selectors
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.permissions import can_see_unapproved
from verksam.followup.rollup import Derivation, IndicatorResult, plan_rollup
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import ItemIndicator, Measurement, Target
from verksam.indicators.permissions import can_read_measurements
from verksam.indicators.selectors import period_label
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Decision, Item, Plan, PlanSection
from verksam.plans.selectors import tree_order

#: The deepest heading an item gets; items further down get an emphasised paragraph.
MAX_HEADING_LEVEL = 3
#: How long the board report's text of each top-level item is, in characters.
BOARD_TEXT_LENGTH = 600
#: At most this many years in the annual report's table of key figures, the latest ones.
KEY_FIGURE_YEARS = 6
#: Measured values from this many years before the plan's start are shown.
YEARS_BEFORE = dashboard_selectors.TREND_YEARS_BEFORE
#: At most this many measured values in a chart, the latest ones.
MAX_POINTS = dashboard_selectors.TREND_MAX_POINTS


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


# --- Reading the plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A measured value of an indicator for an organisation and a period."""

    start: datetime.date
    end: datetime.date
    value: Decimal
    #: An invented demo value (measurement source "demo value"), which the document must say.
    is_demo: bool = False


@dataclass
class PlanReading:
    """Everything a document shows of a plan, read at once (see ``read_plan``)."""

    plan: Plan
    followup_round: FollowUpRound | None = None
    decision: Decision | None = None
    sections: list[PlanSection] = field(default_factory=list)
    #: Every item of the plan in reading order: each followed by the items below it.
    items: list[Item] = field(default_factory=list)
    #: Item id → the item's indicators, each with its targets in time order.
    uses_of: dict[int, list[ItemIndicator]] = field(default_factory=dict)
    #: Ids of the item indicators whose measured values the reader may see.
    readable: set[int] = field(default_factory=set)
    #: (indicator id, organisation id) → measured values up to the round's end, in time order.
    measured: dict[tuple[int, int], list[Value]] = field(default_factory=dict)
    #: Item id → the item's status in the round, and how it was derived.
    derivations: dict[int, Derivation] = field(default_factory=dict)
    #: Item id → the item's assessment in the round, whatever its state.
    assessments: dict[int, Assessment] = field(default_factory=dict)
    show_unapproved: bool = False

    @property
    def has_demo_values(self) -> bool:
        """Whether any measured value the document may show is an invented demo value."""
        return any(value.is_demo for values in self.measured.values() for value in values)

    @property
    def top_items(self) -> list[Item]:
        return [item for item in self.items if item.parent_id is None]

    @property
    def uses(self) -> list[ItemIndicator]:
        """Every item indicator of the plan, in the items' reading order."""
        return [use for item in self.items for use in self.uses_of.get(item.pk, [])]

    @property
    def round_name(self) -> str:
        return self.followup_round.name if self.followup_round else ""

    def status(self, item: Item) -> str:
        derivation = self.derivations.get(item.pk)
        return derivation.status if derivation else GoalStatus.NOT_ASSESSED

    def assessment(self, item: Item, *, approved_only: bool = False) -> Assessment | None:
        """The item's follow-up the reader may see: an approved one, or else (when they
        may see it and it says anything) a draft, submitted or returned one."""
        assessment = self.assessments.get(item.pk)
        if assessment is None or assessment.state == AssessmentState.APPROVED:
            return assessment
        if approved_only or not self.show_unapproved or not _says_anything(assessment):
            return None
        return assessment


def _says_anything(assessment: Assessment) -> bool:
    return bool(
        assessment.done.strip()
        or assessment.results.strip()
        or assessment.improvements.strip()
        or assessment.progress is not None
        or assessment.forecast
        or assessment.status != GoalStatus.NOT_ASSESSED
    )


def read_plan(plan: Plan, *, followup_round: FollowUpRound | None = None, user=None) -> PlanReading:
    """Read what a document shows of the plan, in a fixed number of queries.

    Without a round (the plan document): the latest decision, the sections,
    the items with their tags and responsible people, and the indicators with
    their targets. With a round (a report): the latest decision, the items, the
    indicators with their targets, the measured values up to the round's end
    that `user` may read, the round's assessments and the round's roll-up.
    The plan's organisation is read once, when it is not loaded already.
    """
    reading = PlanReading(plan=plan, followup_round=followup_round)
    reading.decision = plan.decisions.order_by("-decided_on", "-pk").first()
    items = plan.items.select_related("responsible_organisation")
    if followup_round is None:
        reading.sections = list(plan.sections.order_by("position", "pk"))
        items = items.prefetch_related("tags", "responsible_people")
    reading.items = tree_order(list(items))
    for item in reading.items:
        item.plan = plan
    uses = list(
        ItemIndicator.objects.filter(item__plan=plan)
        .select_related("indicator", "organisation")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("period_start", "period_end"))
        )
        .order_by("indicator__name", "pk")
    )
    for use in uses:
        reading.uses_of.setdefault(use.item_id, []).append(use)
    if followup_round is None:
        return reading
    reading.readable = {
        use.pk for use in uses if user is None or can_read_measurements(user, use.organisation)
    }
    reading.measured = _measured_values(
        plan, [use for use in uses if use.pk in reading.readable], until=followup_round.period_end
    )
    reading.derivations = plan_rollup(plan, followup_round)
    reading.assessments = {
        assessment.item_id: assessment
        for assessment in Assessment.objects.filter(round=followup_round)
    }
    reading.show_unapproved = user is not None and can_see_unapproved(user, plan)
    return reading


def _measured_values(
    plan: Plan, uses: list[ItemIndicator], *, until: datetime.date
) -> dict[tuple[int, int], list[Value]]:
    """The measured values of the indicators for their organisations, from a few years
    before the plan up to `until`, in one query; later values never change a report."""
    if not uses:
        return {}
    earliest = plan.period_start.replace(year=plan.period_start.year - YEARS_BEFORE, day=1)
    measured: dict[tuple[int, int], list[Value]] = defaultdict(list)
    for row in (
        Measurement.objects.filter(
            indicator_id__in={use.indicator_id for use in uses},
            organisation_id__in={use.organisation_id for use in uses},
            period_start__gte=earliest,
            period_end__lte=until,
        )
        .order_by("period_start", "period_end")
        .values("indicator_id", "organisation_id", "period_start", "period_end", "value", "source")
    ):
        key = (row["indicator_id"], row["organisation_id"])
        measured[key].append(
            Value(
                row["period_start"],
                row["period_end"],
                row["value"],
                is_demo=row["source"] == MeasurementSource.DEMO,
            )
        )
    return dict(measured)


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


def _indicator_name(use: ItemIndicator) -> str:
    indicator = use.indicator
    return f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name


def _baseline_text(use: ItemIndicator) -> str:
    if use.baseline is None:
        return NO_VALUE
    value = format_number(use.baseline, use.indicator.decimals)
    return f"{value} ({use.baseline_label})" if use.baseline_label else value


def _plan_indicator_table(item: Item, uses: list[ItemIndicator]) -> Table:
    """The item's indicators, one row per target: baseline, period and target value."""
    rows = []
    for use in uses:
        name, baseline = _indicator_name(use), _baseline_text(use)
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


# --- Pieces shared by the reports ----------------------------------------------------------


def _status_line(reading: PlanReading, item: Item) -> StatusLine:
    derivation = reading.derivations.get(item.pk)
    status = reading.status(item)
    return StatusLine(
        label=_("Status in %(name)s") % {"name": reading.round_name},
        status=status,
        text=status_text(status),
        note=derivation.explanation() if derivation else "",
    )


def _top_level_name(reading: PlanReading) -> str:
    return reading.plan.level_name(0)


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(
        f"{count} {status_text(status)}"
        for status in GoalStatus.values
        if (count := counts.get(status, 0))
    )


def _status_sentence(reading: PlanReading) -> str:
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
        "level": _top_level_name(reading).lower(),
        "counts": _counts_text(counts) or status_text(GoalStatus.NOT_ASSESSED),
    }


def _approval_sentence(reading: PlanReading) -> str:
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


def _status_table(reading: PlanReading) -> Table:
    """The top-level items and their statuses in the round."""
    level = _top_level_name(reading)
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
    return _figure(chart, status_columns=[0])


def _figure(chart: Chart, *, status_columns: list[int] | None = None) -> Figure:
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


def _summary_blocks(reading: PlanReading) -> list[Block]:
    return [
        Heading(_("Summary"), 1),
        Paragraph(_status_sentence(reading), style="lead"),
        Paragraph(_approval_sentence(reading)),
        _status_table(reading),
        _summary_figure(reading),
    ]


def _assessment_blocks(
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


def _subtrees(items: list[Item]) -> list[tuple[Item, list[Item]]]:
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


def _is_whole_year(start: datetime.date, end: datetime.date) -> bool:
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


def _trend_chart(
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


def _round_indicator_table(reading: PlanReading, item: Item, uses: list[ItemIndicator]) -> Table:
    """The item's indicators in the round: baseline, the round's target, the value, the status."""
    rows = []
    for use in uses:
        decimals = use.indicator.decimals
        result = _result_of(reading, use)
        if result is None:
            rows.append(
                [
                    _indicator_name(use),
                    _baseline_text(use),
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
                _indicator_name(use),
                _baseline_text(use),
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


# --- The tertial or interim report ---------------------------------------------------------


def _interim_blocks(reading: PlanReading) -> list[Block]:
    """A summary, then every item: status, follow-up, indicators against targets, charts."""
    blocks = _summary_blocks(reading)
    for item in reading.items:
        if item.parent_id is None:
            blocks.append(PageBreak())
        blocks.append(_item_title(item))
        blocks.append(_status_line(reading, item))
        assessment = reading.assessment(item)
        if assessment is not None:
            blocks += _assessment_blocks(
                assessment, texts=("done", "results", "improvements"), forecast=True
            )
        uses = reading.uses_of.get(item.pk)
        if uses:
            blocks.append(_round_indicator_table(reading, item, uses))
            for use in uses:
                chart = _trend_chart(reading, use)
                if chart is not None:
                    blocks.append(_figure(chart))
    return blocks


# --- The annual report ---------------------------------------------------------------------


def _annual_blocks(reading: PlanReading) -> list[Block]:
    """The summary, the year's results per top-level item, key figures and improvements."""
    blocks = _summary_blocks(reading)
    for top, below in _subtrees(reading.items):
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
    blocks: list[Block] = [_item_title(item, level=level), _status_line(reading, item)]
    assessment = reading.assessment(item, approved_only=True)
    if assessment is not None:
        blocks += _assessment_blocks(assessment, texts=("done", "results"), forecast=False)
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
        years.update(v.start.year for v in values if _is_whole_year(v.start, v.end))
    ordered = sorted(years)
    while len(ordered) > KEY_FIGURE_YEARS and ordered[0] < report_year:
        ordered.pop(0)
    return ordered[:KEY_FIGURE_YEARS]


def _key_figures_table(reading: PlanReading, uses: list[ItemIndicator]) -> Table:
    """Each indicator's baseline, and its measured values and targets per year: two rows."""
    years = _key_figure_years(reading)
    names = Counter(_indicator_name(use) for use in uses)
    titles = {item.pk: item.title for item in reading.items}
    rows = []
    for use in uses:
        decimals = use.indicator.decimals
        name = _indicator_name(use)
        if names[name] > 1:
            name = f"{name} – {titles.get(use.item_id, '')}"
        measured = {}
        if use.pk in reading.readable:
            for v in reading.measured.get((use.indicator_id, use.organisation_id), []):
                if _is_whole_year(v.start, v.end):
                    measured[v.start.year] = v.value
        targets = {
            t.period_start.year: t.value
            for t in use.targets.all()
            if _is_whole_year(t.period_start, t.period_end)
        }
        rows.append(
            [name, _("Measured value"), _baseline_text(use)]
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
        chart = _trend_chart(reading, use, months=12)
        if chart is not None:
            blocks.append(_figure(chart))
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
        Paragraph(_status_sentence(reading), style="lead"),
        Paragraph(_approval_sentence(reading)),
        _status_table(reading),
        Heading(
            _("Results per %(level)s") % {"level": _top_level_name(reading).lower()},
            1,
        ),
    ]
    for item in reading.top_items:
        blocks.append(Heading(item.title, 2))
        blocks.append(_status_line(reading, item))
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
