"""Builders that the follow-up tests (and other apps' tests) share."""

import datetime

from verksam.followup.choices import Rhythm
from verksam.followup.models import FollowUpRound
from verksam.plans.models import Plan


def make_round(
    plan: Plan,
    name: str = "Helår",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    due_date: datetime.date | None = None,
    *,
    closed: bool = False,
    due_days: int = 0,
    **fields,
) -> FollowUpRound:
    """A round of `plan`: over the plan's whole period unless given, due `due_days` after
    the period's end unless `due_date` is given, annual unless `rhythm` says otherwise;
    `fields` are any other fields of a round (`is_year_end` …)."""
    fields.setdefault("rhythm", Rhythm.ANNUAL)
    period_end = period_end or plan.period_end
    return FollowUpRound.objects.create(
        plan=plan,
        name=name,
        period_start=period_start or plan.period_start,
        period_end=period_end,
        due_date=due_date or period_end + datetime.timedelta(days=due_days),
        is_closed=closed,
        **fields,
    )
