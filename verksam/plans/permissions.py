"""Who may read and change which plan: the one place that decides it.

Readers of an organisation (any role reaching it from above) read all its
plans; anonymous visitors and outsiders read only published, adopted plans;
editors change drafts; administrators adopt, archive and publish. Whatever a
person may not see answers 404, so that its existence is not revealed either.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import (
    has_role,
    is_member_at_or_below,
    member_paths,
    paths_with_role,
)
from verksam.plans.models import Item, Plan
from verksam.plans.upload.models import PlanReading


def visible_plans(user) -> QuerySet[Plan]:
    """Every plan the user may read."""
    plans = Plan.objects.all()
    if user.is_authenticated and user.is_superuser:
        return plans
    visible = Q(is_published=True) & ~Q(status="draft")
    above: set[int] = set()
    for path in member_paths(user):
        visible |= Q(organisation__path__startswith=path)
        above.update(int(part) for part in path.strip("/").split("/"))
    if above:
        visible |= Q(organisation_id__in=above)
    return plans.filter(visible)


def readable_plan_ids(user, plan_ids) -> set[int]:
    """Which of these plans the user may read, in one query.

    For filtering what was found by another way (the other ends of
    contributes-to links, say): asking by id keeps the database on its primary
    key index, where a `plan__in=visible_plans(user)` subquery inside a larger
    query can make SQLite walk every readable plan's items.
    """
    plan_ids = set(plan_ids)
    if not plan_ids:
        return set()
    return set(visible_plans(user).filter(pk__in=plan_ids).values_list("pk", flat=True))


def can_read_plan(user, plan: Plan) -> bool:
    """Published plans for everyone; all plans of the organisations a member belongs to,
    of their units, and of the organisations above them."""
    return (
        plan.is_publicly_visible
        or has_role(user, plan.organisation, Role.READER)
        or is_member_at_or_below(user, plan.organisation)
    )


def can_read_history(user, plan: Plan) -> bool:
    """History is internal: for the readers (or higher) of the plan's organisation.

    It shows who changed what and content that has been deleted, also of a
    published plan, so the public and members of other organisations do not see it.
    """
    return has_role(user, plan.organisation, Role.READER)


def can_edit_plan(user, plan: Plan) -> bool:
    """May change the plan's content and settings (a locked plan still refuses changes)."""
    return has_role(user, plan.organisation, Role.EDITOR)


def can_administer_plan(user, plan: Plan) -> bool:
    """May adopt, archive and publish the plan."""
    return has_role(user, plan.organisation, Role.ADMIN)


def can_send_for_decision(user, plan: Plan) -> bool:
    """Editors send a draft for decision while it can be changed (not while it waits)."""
    return plan.is_editable and can_edit_plan(user, plan)


def can_answer_decision(user, plan: Plan) -> bool:
    """Administrators record the decision on a plan sent for decision, or send it back."""
    return plan.awaiting_decision and plan.is_draft and can_administer_plan(user, plan)


def plans_awaiting_decision_of(user) -> QuerySet[Plan]:
    """The plans sent for decision that the user, as an administrator, is to answer."""
    if not user.is_authenticated:
        return Plan.objects.none()
    plans = Plan.objects.filter(awaiting_decision=True, status="draft")
    if user.is_superuser:
        return plans
    paths = paths_with_role(user, Role.ADMIN)
    if not paths:
        return Plan.objects.none()
    where = Q(pk__in=[])
    for path in paths:
        where |= Q(organisation__path__startswith=path)
    return plans.filter(where)


def can_create_plan(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.EDITOR)


def plan_for_user(user, pk: int, *, write: bool = False, administer: bool = False) -> Plan:
    """The plan with this id if the user may read it (or change it), otherwise 404."""
    try:
        plan = Plan.objects.select_related("organisation").get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None
    allowed = can_read_plan(user, plan)
    if write:
        allowed = allowed and can_edit_plan(user, plan)
    if administer:
        allowed = allowed and can_administer_plan(user, plan)
    if not allowed:
        raise Http404
    return plan


def item_for_user(user, plan_pk: int, pk: int, *, write: bool = False) -> Item:
    """The item with this id in this plan if the user may read (or change) it, otherwise 404."""
    plan = plan_for_user(user, plan_pk, write=write)
    try:
        item = Item.objects.select_related("parent", "responsible_organisation").get(
            pk=pk, plan=plan
        )
    except Item.DoesNotExist:
        raise Http404 from None
    item.plan = plan
    return item


def organisations_for_new_plans(user) -> QuerySet[Organisation]:
    """The organisations the user may create plans for (editors, from their level down)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    paths = paths_with_role(user, Role.EDITOR)
    if not paths:
        return Organisation.objects.none()
    where = Q()
    for path in paths:
        where |= Q(path__startswith=path)
    return Organisation.objects.filter(where)


def plan_reading_for_user(user, pk: int) -> PlanReading:
    """A document being read for a new plan: only its uploader sees it, and only while
    they may still create plans for its organisation; otherwise 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        reading = PlanReading.objects.select_related("organisation").get(pk=pk, user=user)
    except PlanReading.DoesNotExist:
        raise Http404 from None
    if not can_create_plan(user, reading.organisation):
        raise Http404
    return reading
