"""Who may read and change budget lines and outcomes: the one place that decides it.

Budget lines are part of the plan: whoever may read the plan reads them (the public
too, for a published adopted plan), and its editors change them while the plan is a
draft (the plan lock itself is `verksam.plans.services.require_editable`). Outcomes
are part of the follow-up: those who report on an item or review the plan's
follow-up record them while the round is open; the plan's members read them at any
time, and everyone who may read the plan reads them once the round is closed.
Whatever a person may not see answers 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.followup.models import FollowUpRound
from verksam.followup.permissions import can_report_on, can_review, can_see_unapproved
from verksam.organisations.choices import Role
from verksam.organisations.permissions import paths_with_role
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import can_edit_plan, item_for_user, plan_for_user, visible_plans
from verksam.resources.models import BudgetLine, Outcome


def can_edit_budget(user, plan: Plan) -> bool:
    """Editors of the plan's organisation, while the plan can be changed."""
    return plan.is_editable and can_edit_plan(user, plan)


def can_read_outcomes(user, followup_round: FollowUpRound) -> bool:
    """Members read a round's outcomes at once; everyone else once the round is closed."""
    return followup_round.is_closed or can_see_unapproved(user, followup_round.plan)


def can_record_outcome(user, followup_round: FollowUpRound, item: Item) -> bool:
    """The item's reporters and the plan's reviewers, while the round is open."""
    if followup_round.is_closed:
        return False
    return can_report_on(user, item) or can_review(user, followup_round.plan)


def item_budget_for_user(user, plan_pk: int, item_pk: int, *, write: bool = False) -> Item:
    """An item whose budget the user may read (or change), otherwise 404."""
    item = item_for_user(user, plan_pk, item_pk, write=write)
    if write and not item.plan.is_editable:
        raise Http404
    return item


def budget_line_for_user(user, pk: int) -> BudgetLine:
    """A budget line the user may change (an editor of an editable plan), otherwise 404."""
    line = BudgetLine.objects.select_related("item__plan__organisation").filter(pk=pk).first()
    if line is None:
        raise Http404
    plan = plan_for_user(user, line.item.plan_id, write=True)
    if not plan.is_editable:
        raise Http404
    line.item.plan = plan
    return line


def round_item_for_outcome(user, plan_pk: int, round_pk: int, item_pk: int):
    """(round, item) whose outcome the user may read, otherwise 404.

    Members of the plan's organisation, the item's reporters and the plan's reviewers
    see an open round's outcomes; others only a closed round's.
    """
    plan = plan_for_user(user, plan_pk)
    followup_round = FollowUpRound.objects.filter(pk=round_pk, plan=plan).first()
    if followup_round is None:
        raise Http404
    followup_round.plan = plan
    item = (
        Item.objects.select_related("responsible_organisation")
        .prefetch_related("responsible_people")
        .filter(pk=item_pk, plan=plan)
        .first()
    )
    if item is None:
        raise Http404
    item.plan = plan
    if not (
        can_read_outcomes(user, followup_round)
        or can_report_on(user, item)
        or can_review(user, plan)
    ):
        raise Http404
    return followup_round, item


def visible_budget_lines(user) -> QuerySet[BudgetLine]:
    """The budget lines of every plan the user may read."""
    return BudgetLine.objects.filter(item__plan__in=visible_plans(user).values("pk"))


def visible_outcomes(user) -> QuerySet[Outcome]:
    """The outcomes the user may read, by the rules of `can_read_outcomes`, as one query."""
    outcomes = Outcome.objects.filter(round__plan__in=visible_plans(user).values("pk"))
    if user.is_authenticated and user.is_superuser:
        return outcomes
    shown = Q(round__is_closed=True)
    for path in paths_with_role(user, Role.READER):
        shown |= Q(round__plan__organisation__path__startswith=path)
    return outcomes.filter(shown)
