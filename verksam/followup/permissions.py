"""Who may report, approve and manage follow-up: the one place that decides it.

Anyone who may read a plan may read its rounds and approved follow-up (the
public too, for a published plan, through verksam.plans.permissions). Reporters
of the plan's organisation, of the item's responsible organisation, and the
item's responsible people write and submit assessments; editors of the plan's
organisation (its leadership) approve, return and reopen them and manage
rounds; only administrators reopen a closed round.
"""

from django.http import Http404

from verksam.followup.models import FollowUpRound
from verksam.organisations.choices import Role
from verksam.organisations.permissions import has_role
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import plan_for_user


def can_report_on(user, item: Item) -> bool:
    """May write and submit the assessment of `item` (whose `plan` is loaded)."""
    if not user.is_authenticated:
        return False
    plan = item.plan
    if has_role(user, plan.organisation, Role.REPORTER):
        return True
    if item.responsible_organisation is not None and has_role(
        user, item.responsible_organisation, Role.REPORTER
    ):
        return True
    people = getattr(item, "_prefetched_objects_cache", {}).get("responsible_people")
    if people is not None:
        return any(person.pk == user.pk for person in people)
    return item.responsible_people.filter(pk=user.pk).exists()


def can_review(user, plan: Plan) -> bool:
    """May approve, return and reopen assessments, and create and close rounds."""
    return has_role(user, plan.organisation, Role.EDITOR)


def can_reopen_round(user, plan: Plan) -> bool:
    return has_role(user, plan.organisation, Role.ADMIN)


def can_see_unapproved(user, plan: Plan) -> bool:
    """Drafts and submitted assessments are internal: members only, never the public."""
    return has_role(user, plan.organisation, Role.READER)


def round_for_user(user, plan_pk: int, pk: int, *, review: bool = False) -> FollowUpRound:
    """The round of a plan the user may read (or review), otherwise 404."""
    plan = plan_for_user(user, plan_pk)
    if review and not can_review(user, plan):
        raise Http404
    try:
        followup_round = FollowUpRound.objects.get(pk=pk, plan=plan)
    except FollowUpRound.DoesNotExist:
        raise Http404 from None
    followup_round.plan = plan
    return followup_round


def item_in_round(followup_round: FollowUpRound, item_pk: int) -> Item:
    """An item of the round's plan, otherwise 404 (the round is already readable)."""
    try:
        item = (
            Item.objects.select_related("responsible_organisation")
            .prefetch_related("responsible_people")
            .get(pk=item_pk, plan=followup_round.plan)
        )
    except Item.DoesNotExist:
        raise Http404 from None
    item.plan = followup_round.plan
    return item


def item_to_report_for_user(user, followup_round: FollowUpRound, item_pk: int) -> Item:
    """An item of the round's plan that the user may report on or review, otherwise 404."""
    item = item_in_round(followup_round, item_pk)
    if not (can_report_on(user, item) or can_review(user, followup_round.plan)):
        raise Http404
    return item
