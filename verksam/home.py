"""The start page: what waits for a logged-in user, and the published plans for a visitor.

It reads plans, follow-up and the public pages' places, so it sits at project
level beside urls.py rather than in core, which the other apps build on. The
rules are those of the apps: what is due and late comes from the follow-up
dashboards' "My follow-ups" (`my_followups`), a plan's status at a glance from
the organisation dashboard (`organisation_plans`), the plans to decide on from
verksam.plans.permissions. Every part is read in a number of queries that does
not grow with the data.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from verksam.followup.dashboards.selectors import (
    MyFollowUps,
    PlanOverview,
    Task,
    my_followups,
    organisation_plans,
)
from verksam.followup.models import FollowUpRound
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import roles_by_organisation
from verksam.plans.models import Plan
from verksam.plans.permissions import plans_awaiting_decision_of
from verksam.plans.selectors import plans_to_continue
from verksam.public.selectors import COUNTY_BY_CODE, CodedOrganisations, County

#: How many deadlines the start page lists; "My follow-ups" has them all.
DEADLINES_SHOWN = 5

#: The order of the parts of a status bar: the goals' scale, then the activities'.
STATUS_ORDER = ("met", "partly_met", "not_met", "not_assessed")


# --- The pieces of the logged-in start page ---


@dataclass
class StatusPart:
    """One status in a plan's status bar: how many items, and where its bar starts and ends."""

    status: str
    count: int
    start: float  # per cent of the bar's length
    length: float


def status_parts(counts: Iterable[tuple[str, int]]) -> list[StatusPart]:
    """The parts of a stacked bar of `counts` (status, number), in the order of the scale."""
    by_status = dict(counts)
    total = sum(by_status.values())
    parts, start = [], 0.0
    for status in [*STATUS_ORDER, *(s for s in by_status if s not in STATUS_ORDER)]:
        count = by_status.get(status, 0)
        length = 100 * count / total if total else 0.0
        parts.append(StatusPart(status, count, round(start, 3), round(length, 3)))
        start += length
    return parts


@dataclass
class Deadline:
    """A round with items the user still has to report on, and how many."""

    round: FollowUpRound
    count: int = 0
    is_late: bool = False

    @property
    def plan(self) -> Plan:
        return self.round.plan


def next_deadlines(followups: MyFollowUps, *, limit: int = DEADLINES_SHOWN) -> list[Deadline]:
    """The rounds with items still to report (late, returned or to do), earliest due first."""
    found: dict[int, Deadline] = {}
    tasks: list[Task] = [*followups.late, *followups.returned, *followups.due]
    for task in tasks:
        deadline = found.setdefault(task.round.pk, Deadline(task.round))
        deadline.count += 1
        deadline.is_late = deadline.is_late or task.is_late
    ordered = sorted(found.values(), key=lambda d: (d.round.due_date, d.plan.title, d.round.pk))
    return ordered[:limit]


@dataclass
class PlanAtAGlance:
    """A current plan of the user's organisations with its status bar."""

    overview: PlanOverview
    parts: list[StatusPart] = field(default_factory=list)

    @property
    def plan(self) -> Plan:
        return self.overview.plan


def _top_organisations(roles: dict[int, str]) -> list[Organisation]:
    """The user's organisations, leaving out those inside another of them (one query)."""
    organisations = list(Organisation.objects.filter(pk__in=roles).order_by("path"))
    tops: list[Organisation] = []
    for organisation in organisations:
        if not any(organisation.path.startswith(top.path) for top in tops):
            tops.append(organisation)
    return tops


def current_plans(user, organisations: list[Organisation], *, today: datetime.date):
    """The plans of `organisations` and their units running this year or later, each with
    its top level's status in its latest round, as on the organisation dashboard."""
    this_year = datetime.date(today.year, 1, 1)
    found: list[PlanAtAGlance] = []
    seen: set[int] = set()
    for organisation in organisations:
        for overview in organisation_plans(user, organisation, today=today):
            plan = overview.plan
            if plan.pk in seen or plan.period_end < this_year or plan.status == "archived":
                continue
            seen.add(plan.pk)
            parts = status_parts(overview.status_counts) if overview.round else []
            found.append(PlanAtAGlance(overview, parts))
    return found


# --- The visitor's start page ---


@dataclass
class CountyPlans:
    """The published current plans of one county, by organisation and year."""

    county: County | None
    plans: list[Plan] = field(default_factory=list)


def published_plans_by_county(*, today: datetime.date, exclude=None) -> list[CountyPlans]:
    """Published plans running this year or later, by county, organisation and year.

    Two queries: the organisations with a county or municipality code (to place
    each plan) and the plans. Plans of organisations in no county come last.
    """
    plans = (
        Plan.objects.publicly_visible()
        .filter(period_end__gte=datetime.date(today.year, 1, 1))
        .select_related("organisation")
    )
    if exclude is not None:
        plans = plans.exclude(pk__in=exclude)
    coded = CodedOrganisations.load()
    groups: dict[str, CountyPlans] = {}
    for plan in plans:
        place = coded.place_of(plan.organisation.path)
        code = place.county.code if place else ""
        groups.setdefault(code, CountyPlans(place.county if place else None)).plans.append(plan)
    for group in groups.values():
        group.plans.sort(key=lambda p: (p.organisation.name, p.organisation_id, p.period_start))
    ordered = [groups[code] for code in COUNTY_BY_CODE if code in groups]
    return ordered + ([groups[""]] if "" in groups else [])


# --- The page ---


def home(request: HttpRequest) -> HttpResponse:
    """A logged-in user's working day; the published plans by county for everyone else."""
    today = timezone.localdate()
    user = request.user
    roles = roles_by_organisation(user) if user.is_authenticated else {}
    if not user.is_authenticated:
        return render(
            request,
            "home.html",
            {"counties": published_plans_by_county(today=today)},
        )
    organisations = Organisation.objects.filter(pk__in=roles).order_by("path")
    memberships = [(organisation, roles[organisation.pk]) for organisation in organisations]
    followups = my_followups(user, today=today)
    plans = current_plans(user, _top_organisations(roles), today=today)
    awaiting_decision = list(
        plans_awaiting_decision_of(user)
        .select_related("organisation")
        .order_by("organisation__path", "-period_start", "title")
    )
    waiting_for_me = len(followups.to_approve) + len(awaiting_decision)
    return render(
        request,
        "home.html",
        {
            "memberships": memberships,
            "followups": followups,
            "deadlines": next_deadlines(followups),
            "plans": plans,
            "awaiting_decision": awaiting_decision,
            "waiting_for_me": waiting_for_me,
            "plans_to_continue": plans_to_continue(
                user, [entry.plan for entry in plans], today=today
            ),
            "today": today,
        },
    )
