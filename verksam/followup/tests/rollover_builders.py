"""A plan with a year of follow-up behind it, for the roll-over's tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from verksam.followup.choices import ActivityStatus, AssessmentState
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.tests.builders import make_round
from verksam.indicators.models import ItemIndicator
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
    make_target,
)
from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Item, Plan
from verksam.testing import make_item, make_organisation, make_plan


@dataclass
class YearBehind:
    """An adopted annual plan (focus area → activity) and its year-end follow-up.

    `done` was done, `ongoing` is ongoing and names an improvement, `silent` was
    never followed up. The focus area contributes to the regional plan that runs
    on (`regional_now`); `ongoing` contributes to one that ends with the year
    (`regional_old`). The focus area follows an indicator with a baseline and a
    target for the year.
    """

    plan: Plan
    followup_round: FollowUpRound
    focus: Item
    done: Item
    ongoing: Item
    silent: Item
    kept_link: Contribution
    dropped_link: Contribution
    use: ItemIndicator
    regional_now: Plan
    regional_old: Plan


def _approve(followup_round, item, status, improvements="") -> Assessment:
    return Assessment.objects.create(
        round=followup_round,
        item=item,
        status=status,
        state=AssessmentState.APPROVED,
        done="Gjort under året.",
        improvements=improvements,
    )


def make_year_behind(organisation: Organisation, year: int) -> YearBehind:
    """A plan of `organisation` for `year` with its follow-up, as the class says."""
    plan = make_plan(
        organisation,
        title=f"Verksamhetsplan {year}",
        year=year,
        status=PlanStatus.ADOPTED,
        level_names=("Fokusområde", "Aktivitet"),
        activity_from_level=2,
    )
    region = make_organisation("Region Rollover")
    regional_old = make_plan(
        region,
        title="Regional biblioteksplan (gammal)",
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        status=PlanStatus.ADOPTED,
        period_start=datetime.date(year - 3, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    regional_now = make_plan(
        region,
        title="Regional biblioteksplan (ny)",
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        status=PlanStatus.ADOPTED,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year + 3, 12, 31),
    )
    focus = make_item(plan, "Läsfrämjande")
    done = make_item(plan, "Fortbildningsdag", parent=focus)
    ongoing = make_item(plan, "Nätverk för flerspråkiga medier", parent=focus)
    silent = make_item(plan, "Bokcirklar för vuxna", parent=focus)
    kept_link = Contribution.objects.create(
        source=focus, target=make_item(regional_now, "Läsfrämjande i länet")
    )
    dropped_link = Contribution.objects.create(
        source=ongoing, target=make_item(regional_old, "Språklig mångfald")
    )
    indicator = make_indicator("Deltagare i fortbildning", unit="deltagare")
    use = make_item_indicator(focus, indicator, baseline=Decimal(40), baseline_label=str(year - 1))
    make_target(use, 60, year=year)
    make_measurement(indicator, organisation, 55, year=year)
    make_measurement(
        indicator,
        organisation,
        20,
        period_start=datetime.date(year, 9, 1),
        period_end=datetime.date(year, 12, 31),
    )
    followup_round = make_round(plan, str(year), is_year_end=True)
    _approve(followup_round, done, ActivityStatus.DONE)
    _approve(
        followup_round,
        ongoing,
        ActivityStatus.ONGOING,
        improvements="Nätverket fortsätter med fokus på minoritetsspråken.\nMer text.",
    )
    return YearBehind(
        plan=plan,
        followup_round=followup_round,
        focus=focus,
        done=done,
        ongoing=ongoing,
        silent=silent,
        kept_link=kept_link,
        dropped_link=dropped_link,
        use=use,
        regional_now=regional_now,
        regional_old=regional_old,
    )
