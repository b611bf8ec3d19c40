"""Loading the demo's follow-up: rounds, assessments, the indicators on the items with
their targets, and the organisations' demo measurements (verksam.demo.followup_seeds).

`demo_load` (verksam.demo.services) calls `demo_followup_load` for the adopted seed
plans and `this_years_followup_load` for this year's round of a plan carried on to the
present. Rounds and assessments go through the services of verksam.followup, so the
change log records them.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.utils import timezone

from verksam.demo.followup_seeds import (
    DEMO_MEASUREMENT_NOTE,
    FOLLOW_UP_SEEDS,
    THIS_YEAR_ASSESSMENTS,
    AssessmentSeed,
    FollowUpSeed,
    FollowUpSeeds,
    IndicatorSeed,
    ItemIndicatorSeed,
    MeasurementSeed,
)
from verksam.demo.report import DemoDataError, DemoReport
from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.permissions import can_report_on, can_review
from verksam.followup.services import (
    assessment_approve,
    assessment_return,
    assessment_save,
    round_close,
    rounds_create_from_rhythm,
)
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item, Plan


def demo_followup_load(
    *,
    plans: dict[str, Plan],
    organisations: dict[str, Organisation],
    users: dict[str, object],
    report: DemoReport,
    seeds: FollowUpSeeds = FOLLOW_UP_SEEDS,
) -> None:
    """Give the adopted seed plans their follow-up, and the organisations demo measurements.

    `plans`, `organisations` and `users` map the keys and usernames of the
    seeds to what demo_load loaded. Indicators and measurements are created
    when missing. A plan gets rounds, indicators on its items with targets, and
    assessments only when it is adopted and has no rounds yet; otherwise its
    follow-up is left as it is. Rounds and assessments go through the services
    of verksam.followup, so the change log records them; seeds that name an
    author who may not report on the item, or a reviewer who may not review
    the plan, raise DemoDataError.
    """
    _FollowUpLoader(
        plans=plans, organisations=organisations, users=users, report=report, seeds=seeds
    ).load()


#: Days from the submission of a follow-up to its approval, in the demo.
_DAYS_TO_REVIEW = 4


class _FollowUpLoader:
    def __init__(
        self,
        *,
        plans: dict[str, Plan],
        organisations: dict[str, Organisation],
        users: dict[str, object],
        report: DemoReport,
        seeds: FollowUpSeeds,
    ) -> None:
        self.plans = plans
        self.organisations = organisations
        self.users = users
        self.report = report
        self.seeds = seeds
        self.indicators: dict[str, Indicator] = {}

    def load(self) -> None:
        for seed in self.seeds.indicators:
            self._indicator(seed)
        for seed in self.seeds.measurements:
            self._measurements(seed)
        for seed in self.seeds.plans:
            self._plan(seed)

    # Indicators and measurements

    def _indicator(self, seed: IndicatorSeed) -> None:
        indicator = Indicator.objects.filter(key=seed.key).first()
        if indicator is None:
            if seed.organisation and seed.organisation not in self.organisations:
                return
            indicator = Indicator(
                key=seed.key,
                name=seed.name,
                unit=seed.unit,
                description=seed.description,
                source=seed.source,
                organisation=self.organisations[seed.organisation] if seed.organisation else None,
                decimals=seed.decimals,
            )
            indicator.full_clean()
            indicator.save()
            self.report.indicators_created += 1
        self.indicators[seed.key] = indicator

    def _measurements(self, seed: MeasurementSeed) -> None:
        indicator = self.indicators.get(seed.indicator)
        organisation = self.organisations.get(seed.organisation)
        if indicator is None or organisation is None:
            return
        periods = [(*_year(seed.year), seed.value)]
        if seed.tertials is not None:
            if sum(seed.tertials) != seed.value:
                raise DemoDataError(
                    f"The tertials of {seed.indicator} {seed.year} for {seed.organisation} "
                    f"do not add up to the year's value."
                )
            periods += [
                (*period, value)
                for period, value in zip(_tertials(seed.year), seed.tertials, strict=True)
            ]
        for start, end, value in periods:
            _measurement, created = Measurement.objects.get_or_create(
                indicator=indicator,
                organisation=organisation,
                period_start=start,
                period_end=end,
                defaults={
                    "value": Decimal(value),
                    "source": MeasurementSource.DEMO,
                    "note": DEMO_MEASUREMENT_NOTE,
                },
            )
            self.report.measurements_created += created

    # A plan's follow-up

    def _plan(self, seed: FollowUpSeed) -> None:
        plan = self.plans.get(seed.plan)
        if plan is None or plan.status != PlanStatus.ADOPTED:
            return
        if plan.rounds.exists():
            self.report.followup_found.append(plan.title)
            return
        reviewer = self.users[seed.reviewer]
        if seed.activity_from_level is not None:
            # An adopted plan never changes through the services (plan_update
            # refuses it), but this setting only says how the plan is followed
            # up and the seeds decide it: the demo sets it directly, before the
            # first assessment.
            Plan.objects.filter(pk=plan.pk).update(activity_from_level=seed.activity_from_level)
            plan.activity_from_level = seed.activity_from_level
        rounds = rounds_create_from_rhythm(
            user=reviewer, plan=plan, rhythm=seed.rhythm, years=list(seed.years)
        )
        self.report.rounds_created += len(rounds)
        by_label = {_round_label(followup_round): followup_round for followup_round in rounds}
        items = self._items(plan)
        for indicator_seed in seed.indicators:
            self._item_indicator(plan, items, indicator_seed)
        submitted_in_round: Counter[int] = Counter()
        for assessment_seed in seed.assessments:
            followup_round = by_label.get(assessment_seed.round)
            if followup_round is None:
                raise DemoDataError(
                    f"{plan.title} has no round {assessment_seed.round!r} for "
                    f"{assessment_seed.item!r}."
                )
            self._assessment(
                seed,
                plan,
                followup_round,
                _item(plan, items, assessment_seed.item),
                assessment_seed,
                order=submitted_in_round[followup_round.pk],
            )
            submitted_in_round[followup_round.pk] += 1
        for label, followup_round in by_label.items():
            if label not in seed.open_rounds:
                if not can_review(reviewer, plan):
                    raise DemoDataError(
                        f"{seed.reviewer} may not close the rounds of {plan.title}."
                    )
                round_close(user=reviewer, followup_round=followup_round)
        self.report.followup_created.append(plan.title)

    def _items(self, plan: Plan) -> dict[str, list[Item]]:
        items: dict[str, list[Item]] = defaultdict(list)
        for item in plan.items.select_related("responsible_organisation").prefetch_related(
            "responsible_people"
        ):
            item.plan = plan
            items[item.title].append(item)
        return items

    def _item_indicator(
        self, plan: Plan, items: dict[str, list[Item]], seed: ItemIndicatorSeed
    ) -> None:
        indicator = self.indicators.get(seed.indicator)
        organisation = self.organisations.get(seed.organisation)
        if indicator is None or organisation is None:
            return
        item_indicator, created = ItemIndicator.objects.get_or_create(
            item=_item(plan, items, seed.item),
            indicator=indicator,
            defaults={
                "organisation": organisation,
                "baseline": None if seed.baseline is None else Decimal(seed.baseline),
                "baseline_label": seed.baseline_label,
            },
        )
        if not created:
            return
        for target in seed.targets:
            periods = [(*_year(target.year), target.value)]
            if target.tertials is not None:
                periods += [
                    (*period, value)
                    for period, value in zip(_tertials(target.year), target.tertials, strict=False)
                ]
            for start, end, value in periods:
                Target.objects.get_or_create(
                    item_indicator=item_indicator,
                    period_start=start,
                    period_end=end,
                    defaults={"value": Decimal(value)},
                )

    def _assessment(
        self,
        plan_seed: FollowUpSeed,
        plan: Plan,
        followup_round: FollowUpRound,
        item: Item,
        seed: AssessmentSeed,
        *,
        order: int,
        dated: bool = True,
    ) -> None:
        author = self.users[seed.author or plan_seed.author]
        reviewer = self.users[seed.reviewer or plan_seed.reviewer]
        if not can_report_on(author, item):
            raise DemoDataError(f"{author} may not report on {item.title!r} of {plan.title}.")
        reviewed = seed.state in {AssessmentState.APPROVED, AssessmentState.RETURNED}
        if reviewed and not can_review(reviewer, plan):
            raise DemoDataError(f"{reviewer} may not review the follow-up of {plan.title}.")
        assessment = assessment_save(
            user=author,
            followup_round=followup_round,
            item=item,
            status=seed.status,
            forecast=seed.forecast,
            progress=seed.progress,
            done=seed.done,
            results=seed.results,
            improvements=seed.improvements,
            submit=seed.state != AssessmentState.DRAFT,
        )
        if seed.state == AssessmentState.APPROVED:
            assessment_approve(user=reviewer, assessment=assessment)
        elif seed.state == AssessmentState.RETURNED:
            assessment_return(user=reviewer, assessment=assessment, comment=seed.comment)
        self.report.assessments_created += 1
        if seed.state == AssessmentState.DRAFT or not dated:
            return
        # The services stamp today's date, which would make every historic
        # follow-up late by years. Give the demo plausible dates instead: a few
        # days before the due date (or `days_late` after it), approval some
        # days later.
        if seed.days_late > 0:
            submitted_on = followup_round.due_date + datetime.timedelta(days=seed.days_late)
        else:
            submitted_on = followup_round.due_date - datetime.timedelta(days=1 + order % 6)
        approved_on = submitted_on + datetime.timedelta(days=_DAYS_TO_REVIEW)
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=_at(submitted_on, 10),
            is_late=seed.days_late > 0,
            approved_at=_at(approved_on, 14) if seed.state == AssessmentState.APPROVED else None,
        )


def this_years_followup_load(
    *,
    seed: FollowUpSeed,
    plan: Plan,
    rounds: list[FollowUpRound],
    users: dict[str, object],
    report: DemoReport,
    seeds: FollowUpSeeds = FOLLOW_UP_SEEDS,
) -> None:
    """Write this year's follow-up of a carried-on plan (followup_seeds.THIS_YEAR_ASSESSMENTS)
    into the year-end round of `rounds`, just made, dated as written today."""
    assessments = THIS_YEAR_ASSESSMENTS.get(seed.plan, ())
    year_end = next((r for r in rounds if r.is_year_end), None)
    if not assessments or year_end is None:
        return
    loader = _FollowUpLoader(plans={}, organisations={}, users=users, report=report, seeds=seeds)
    items = loader._items(plan)
    for order, assessment in enumerate(assessments):
        item = _item(plan, items, assessment.item)
        loader._assessment(seed, plan, year_end, item, assessment, order=order, dated=False)


def _item(plan: Plan, items: dict[str, list[Item]], title: str) -> Item:
    found = items.get(title, [])
    if len(found) != 1:
        raise DemoDataError(
            f"{plan.title} has {len(found)} items titled {title!r}; the follow-up seeds need one."
        )
    return found[0]


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _tertials(year: int) -> list[tuple[datetime.date, datetime.date]]:
    """January–April, May–August and September–December, as the tertial rounds count them."""
    return [
        (datetime.date(year, 1, 1), datetime.date(year, 4, 30)),
        (datetime.date(year, 5, 1), datetime.date(year, 8, 31)),
        (datetime.date(year, 9, 1), datetime.date(year, 12, 31)),
    ]


def _round_label(followup_round: FollowUpRound) -> str:
    """How the follow-up seeds name a round: "2020" for a whole year, else its name."""
    if (followup_round.period_start, followup_round.period_end) == _year(
        followup_round.period_start.year
    ):
        return str(followup_round.period_start.year)
    return followup_round.name


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
