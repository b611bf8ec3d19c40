"""Reads of follow-up that join several models, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from verksam.followup import stored
from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment, FollowUpRound, current_round
from verksam.followup.permissions import can_report_on
from verksam.plans.models import Item, Plan
from verksam.plans.selectors import tree_order

#: The query parameter that chooses a round on the pages that show one (a round's id).
ROUND_PARAMETER = "omgang"


def chosen_round(
    rounds: list[FollowUpRound], wanted: str | None, today: datetime.date
) -> FollowUpRound | None:
    """The round a page shows from `rounds`: the one whose id `wanted` (`?omgang=`) gives,
    the current one (`current_round`) when nothing is asked for, else none ("none", or an
    id of no round of these)."""
    if not wanted:
        return current_round(rounds, today)
    if wanted.isdigit():
        return next((r for r in rounds if r.pk == int(wanted)), None)
    return None


def plan_page_rounds(plan: Plan, wanted: str | None) -> tuple[list[FollowUpRound], object]:
    """The plan's rounds in time order and the one chosen by `wanted` (one query)."""
    rounds = list(plan.rounds.in_order())
    return rounds, chosen_round(rounds, wanted, timezone.localdate())


def rounds_with_counts(plan: Plan) -> list[FollowUpRound]:
    """The plan's rounds with how many assessments are in each state."""
    return list(
        plan.rounds.annotate(
            approved_count=Count("assessments", filter=Q(assessments__state="approved")),
            submitted_count=Count("assessments", filter=Q(assessments__state="submitted")),
            open_count=Count("assessments", filter=Q(assessments__state__in=["draft", "returned"])),
        ).order_by("period_end", "period_start")
    )


@dataclass
class RoundRow:
    """One item in a round: its own follow-up and its rolled-up status."""

    item: Item
    assessment: Assessment | None
    derivation: "stored.StoredStatus | None"
    can_report: bool


def round_rows(user, followup_round: FollowUpRound, *, show_unapproved: bool) -> list[RoundRow]:
    """Every item of the round's plan in reading order, with what the user may see of it.

    Drafts, submitted and returned follow-ups are internal: they are shown when
    `show_unapproved` is true (members of the plan's organisation) and to those
    who report on the item; the roll-up counts approved ones only.
    """
    plan = followup_round.plan
    items = list(
        plan.items.select_related("responsible_organisation")
        .prefetch_related("responsible_people")
        .order_by("depth", "position", "id")
    )
    by_item = {a.item_id: a for a in Assessment.objects.filter(round=followup_round)}
    derivations = stored.round_statuses(followup_round, [item.pk for item in items])
    rows = []
    for item in tree_order(items):
        item.plan = plan
        can_report = user.is_authenticated and can_report_on(user, item)
        assessment = by_item.get(item.pk)
        if assessment is not None and not (
            show_unapproved or can_report or assessment.state == AssessmentState.APPROVED
        ):
            assessment = None
        rows.append(
            RoundRow(
                item=item,
                assessment=assessment,
                derivation=derivations.get(item.pk),
                can_report=can_report,
            )
        )
    return rows
