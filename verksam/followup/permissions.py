"""Who may report, approve and manage follow-up: the one place that decides it.

Anyone who may read a plan may read its rounds and approved follow-up (the
public too, for a published plan, through verksam.plans.permissions). Reporters
of the plan's organisation, of the item's responsible organisation, and the
item's responsible people write and submit assessments; editors of the plan's
organisation (its leadership) approve, return and reopen them and manage
rounds; only administrators reopen a closed round.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment, FollowUpRound
from verksam.organisations.choices import Role
from verksam.organisations.permissions import has_role, paths_with_role
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import plan_for_user, visible_plans


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


def visible_assessments(user) -> QuerySet[Assessment]:
    """The assessments the user may read, as the follow-up pages show them.

    Of every plan the user may read: approved ones; and the others where the user
    may see unapproved follow-up (a member of the plan's organisation, the role
    reaching down) or reports on the item (a reporter of its responsible
    organisation, or one of its responsible people). The same rules as
    verksam.followup.permissions, as one query.
    """
    assessments = Assessment.objects.filter(
        round__plan__in=visible_plans(user).values("pk")
    ).select_related("round")
    if user.is_authenticated and user.is_superuser:
        return assessments
    shown = Q(state=AssessmentState.APPROVED)
    for path in paths_with_role(user, Role.READER):
        shown |= Q(round__plan__organisation__path__startswith=path)
    for path in paths_with_role(user, Role.REPORTER):
        shown |= Q(item__responsible_organisation__path__startswith=path)
    if user.is_authenticated:
        shown |= Q(item__in=Item.objects.filter(responsible_people=user).values("pk"))
    return assessments.filter(shown)
