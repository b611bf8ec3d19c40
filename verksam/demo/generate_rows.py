"""Writing a generated data set in bulk: the plans with their sections, decisions, items,
tags and links, the follow-up rounds with an assessment of every item, and the
indicators with their targets and yearly values (verksam.demo.generate draws them).
"""

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from verksam.demo.generate_texts import (
    ACTIVITY_STATUSES,
    ACTIVITY_WEIGHTS,
    DONE,
    GOAL_STATUSES,
    GOAL_WEIGHTS,
    IMPROVEMENTS,
    INDICATORS,
    OPEN_ROUND_STATES,
    OPEN_ROUND_WEIGHTS,
    RESULTS,
)
from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import ItemIndicator, Measurement, Target
from verksam.plans.choices import PlanKind, PlanStatus, SectionKind
from verksam.plans.models import Contribution, Decision, Item, Plan, PlanSection

#: Rows per INSERT batch; the database backend splits further where it must.
BATCH_SIZE = 2000

_UTC = datetime.UTC


@dataclass
class ItemSpec:
    title: str
    depth: int
    position: int
    description: str = ""
    group: str = ""
    theme: str = ""
    children: list["ItemSpec"] = field(default_factory=list)
    obj: Item | None = None


@dataclass
class PlanSpec:
    plan: Plan
    items: list[ItemSpec]
    region_plan: "PlanSpec | None" = None
    round_years: tuple[int, ...] = ()
    half_year: bool = False
    indicators: int = 0
    derived_from: "PlanSpec | None" = None
    # Where the assessments' authors come from: (author id, approver id).
    people: tuple[int | None, int | None] = (None, None)

    def walk(self) -> Iterable[ItemSpec]:
        stack = list(reversed(self.items))
        while stack:
            spec = stack.pop()
            yield spec
            stack.extend(reversed(spec.children))


def insert_plans(specs: list[PlanSpec], *, rng: random.Random, tags: dict) -> None:
    """Plans, their sections, decisions, items, tags and contributes-to links."""
    Plan.objects.bulk_create((spec.plan for spec in specs), batch_size=BATCH_SIZE)
    sections, decisions, derived = [], [], []
    for spec in specs:
        plan = spec.plan
        if plan.kind != PlanKind.OPERATIONAL_PLAN:
            sections.append(
                PlanSection(
                    plan=plan,
                    kind=SectionKind.VISION,
                    title="Vision",
                    body="Ett bibliotek för alla, där läsning och kunskap ger livskraft.",
                    position=0,
                )
            )
            sections.append(
                PlanSection(
                    plan=plan,
                    kind=SectionKind.PURPOSE,
                    title="Syfte",
                    body="Planen visar hur biblioteksverksamheten ska utvecklas under "
                    "perioden, i enlighet med bibliotekslagen.",
                    position=1,
                )
            )
        if plan.status != PlanStatus.DRAFT:
            body = (
                "Regionfullmäktige"
                if plan.kind == PlanKind.REGIONAL_LIBRARY_PLAN
                else "Kulturnämnden"
            )
            year = plan.period_start.year - 1
            decisions.append(
                Decision(
                    plan=plan,
                    body=body,
                    decided_on=datetime.date(year, rng.randint(9, 12), rng.randint(1, 28)),
                    case_number=f"KN {year}/{rng.randint(1, 999):04d}",
                )
            )
        source = spec.derived_from
        if source is not None:
            derived.append(
                Plan.derived_from.through(from_plan_id=plan.pk, to_plan_id=source.plan.pk)
            )
    PlanSection.objects.bulk_create(sections, batch_size=BATCH_SIZE)
    Decision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
    Plan.derived_from.through.objects.bulk_create(derived, batch_size=BATCH_SIZE)

    level: list[tuple[PlanSpec, ItemSpec, ItemSpec | None]] = [
        (spec, item, None) for spec in specs for item in spec.items
    ]
    tagged = []
    while level:
        objects = []
        for spec, item, parent in level:
            item.obj = Item(
                plan=spec.plan,
                parent=parent.obj if parent else None,
                depth=item.depth,
                position=item.position,
                title=item.title,
                description=item.description,
            )
            objects.append(item.obj)
            if item.group:
                tagged.append(Item.tags.through(item=item.obj, tag=tags[item.group]))
        Item.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        level = [(spec, child, item) for spec, item, _parent in level for child in item.children]
    Item.tags.through.objects.bulk_create(tagged, batch_size=BATCH_SIZE)

    links = []
    for spec in specs:
        target_plan = spec.region_plan
        if target_plan is None:
            continue
        targets = target_plan.items
        by_theme = {area.theme: area for area in targets}
        for area in spec.items:
            if rng.random() < 0.7:
                target = by_theme.get(area.theme) or rng.choice(targets)
                links.append(Contribution(source=area.obj, target=target.obj))
            for goal in area.children:
                if rng.random() < 0.4:
                    target = rng.choice(targets)
                    links.append(Contribution(source=goal.obj, target=target.obj))
    Contribution.objects.bulk_create(links, batch_size=BATCH_SIZE)


# --- Follow-up and indicators ---------------------------------------------------------------


def insert_followup(specs: list[PlanSpec], *, rng: random.Random, last_year: int) -> None:
    """Year-end rounds for every followed-up year of each plan (and a half-year round for
    the branches' annual plans), with an assessment of every item in every round."""
    rounds = []
    for spec in specs:
        for year in spec.round_years:
            periods = []
            if spec.half_year:
                periods.append(
                    (f"Halvår {year}", datetime.date(year, 6, 30), datetime.date(year, 8, 31))
                )
            periods.append(
                (f"Helår {year}", datetime.date(year, 12, 31), datetime.date(year + 1, 1, 31))
            )
            for name, end, due in periods:
                followup_round = FollowUpRound(
                    plan=spec.plan,
                    name=name,
                    rhythm=Rhythm.HALF_YEAR if spec.half_year else Rhythm.ANNUAL,
                    period_start=datetime.date(year, 1, 1),
                    period_end=end,
                    due_date=due,
                    is_year_end=end.month == 12,
                    is_closed=year < last_year or end.month != 12,
                )
                rounds.append((spec, followup_round))
    FollowUpRound.objects.bulk_create((r for _s, r in rounds), batch_size=BATCH_SIZE)

    batch: list[Assessment] = []
    for spec, followup_round in rounds:
        plan = spec.plan
        author_id, approver_id = spec.people
        due = followup_round.due_date
        for item in spec.walk():
            activity = plan.is_activity_level(item.depth)
            if activity:
                status = rng.choices(ACTIVITY_STATUSES, ACTIVITY_WEIGHTS)[0]
                progress = {"done": 100, "not_started": 0}.get(status, rng.randrange(10, 95))
            else:
                status = rng.choices(GOAL_STATUSES, GOAL_WEIGHTS)[0]
                progress = None
            state = AssessmentState.APPROVED
            if not followup_round.is_closed:
                state = rng.choices(OPEN_ROUND_STATES, OPEN_ROUND_WEIGHTS)[0]
            late = rng.random() < 0.1
            submitted = datetime.datetime(
                due.year, due.month, due.day, 12, tzinfo=_UTC
            ) + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 20))
            forecast = ""
            if not followup_round.is_year_end:
                forecast = rng.choices(
                    ACTIVITY_STATUSES if activity else GOAL_STATUSES,
                    ACTIVITY_WEIGHTS if activity else GOAL_WEIGHTS,
                )[0]
            written = state != AssessmentState.DRAFT or rng.random() < 0.5
            batch.append(
                Assessment(
                    round=followup_round,
                    item=item.obj,
                    status=status,
                    forecast=forecast,
                    progress=progress,
                    done=rng.choice(DONE) if written else "",
                    results=rng.choice(RESULTS) if written else "",
                    improvements=rng.choice(IMPROVEMENTS) if written else "",
                    state=state,
                    author_id=author_id,
                    submitted_at=None if state == AssessmentState.DRAFT else submitted,
                    is_late=late and state != AssessmentState.DRAFT,
                    approved_by_id=approver_id if state == AssessmentState.APPROVED else None,
                    approved_at=submitted + datetime.timedelta(days=3)
                    if state == AssessmentState.APPROVED
                    else None,
                    reviewer_comment="Komplettera med resultat."
                    if state == AssessmentState.RETURNED
                    else "",
                )
            )
            if len(batch) >= BATCH_SIZE:
                Assessment.objects.bulk_create(batch)
                batch = []
    Assessment.objects.bulk_create(batch)


def insert_indicators(
    specs: list[PlanSpec],
    region: dict,
    *,
    rng: random.Random,
    scale,
    first_year: int,
    indicators_of_country: list,
) -> None:
    """Indicators with baselines and yearly targets on some goals of the current library
    plans, and every indicator's yearly value for every library organisation."""
    uses, targets = [], []
    for spec in specs:
        if not spec.indicators:
            continue
        goals = [goal for area in spec.items for goal in area.children]
        chosen = rng.sample(goals, min(spec.indicators, len(goals)))
        indicators = rng.sample(indicators_of_country, len(chosen))
        for goal, indicator in zip(chosen, indicators, strict=True):
            base = next(size for key, *_r, size in INDICATORS if key == indicator.key)
            baseline = Decimal(round(base * rng.uniform(0.5, 1.5)))
            use = ItemIndicator(
                item=goal.obj,
                indicator=indicator,
                organisation=spec.plan.organisation,
                baseline=baseline,
                baseline_label=str(spec.plan.period_start.year - 1),
            )
            uses.append(use)
            for year in range(spec.plan.period_start.year, spec.plan.period_end.year + 1):
                growth = 1 + 0.03 * (year - spec.plan.period_start.year + 1)
                targets.append(
                    Target(
                        item_indicator=use,
                        period_start=datetime.date(year, 1, 1),
                        period_end=datetime.date(year, 12, 31),
                        value=Decimal(round(baseline * Decimal(str(growth)))),
                    )
                )
    ItemIndicator.objects.bulk_create(uses, batch_size=BATCH_SIZE)
    Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)

    measurements = []
    for municipality in region["municipalities"]:
        size = rng.uniform(0.2, 3.0) * (1 + len(municipality["branches"]) / 3)
        for indicator in indicators_of_country:
            base = next(size for key, *_r, size in INDICATORS if key == indicator.key)
            value = base * size
            trend = rng.uniform(-0.03, 0.04)
            for year in range(first_year, scale.last_year + 1):
                value = max(0.0, value * (1 + trend + rng.uniform(-0.05, 0.05)))
                if year == 2020:  # the pandemic year
                    value *= 0.7
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        organisation=municipality["library"],
                        period_start=datetime.date(year, 1, 1),
                        period_end=datetime.date(year, 12, 31),
                        value=Decimal(round(value)),
                        source=MeasurementSource.IMPORT,
                    )
                )
    Measurement.objects.bulk_create(measurements, batch_size=BATCH_SIZE)
