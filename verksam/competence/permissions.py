"""Who may read and keep an organisation's register of competence development, propose,
and decide on proposals: the one place that decides it.

The register and the proposals are internal: they name staff and their plans before
they are plans. Members of the organisation (any role, reaching down from the
organisations above) read them; reporters and above keep the register; any member
proposes; editors decide on proposals. Anyone else gets 404, so that not even the
existence of a training or a proposal is revealed. Superusers see everything.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.competence.models import Proposal, Training
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import has_role, paths_with_role
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item
from verksam.plans.permissions import visible_plans
from verksam.plans.selectors import tree_order


def can_read_register(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.READER)


def can_keep_register(user, organisation: Organisation) -> bool:
    """Register, change and remove trainings, and connect indicators to the register."""
    return has_role(user, organisation, Role.REPORTER)


def can_propose(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.READER)


def can_decide(user, organisation: Organisation) -> bool:
    """Accept a proposal into a plan, or decline it: the organisation's editors."""
    return has_role(user, organisation, Role.EDITOR)


def _member_condition(user, prefix: str) -> Q | None:
    """Rows of the organisations the user reads as a member; None for every row."""
    if user.is_authenticated and user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for path in paths_with_role(user, Role.READER):
        condition |= Q(**{f"{prefix}organisation__path__startswith": path})
    return condition


def visible_trainings(user) -> QuerySet[Training]:
    """Every training of a register the user may read."""
    condition = _member_condition(user, "")
    trainings = Training.objects.all()
    return trainings if condition is None else trainings.filter(condition)


def visible_proposals(user) -> QuerySet[Proposal]:
    """Every proposal the user may read: those of the organisations they are a member of."""
    condition = _member_condition(user, "")
    proposals = Proposal.objects.all()
    return proposals if condition is None else proposals.filter(condition)


def organisation_for_user(user, pk: int, *, at_least: Role = Role.READER) -> Organisation:
    """The organisation if the user holds at least `at_least` in it, otherwise 404."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not has_role(user, organisation, at_least):
        raise Http404
    return organisation


def training_for_user(user, pk: int, *, write: bool = False) -> Training:
    """A training of a register the user may read (or keep), otherwise 404."""
    training = Training.objects.select_related("organisation").filter(pk=pk).first()
    if training is None:
        raise Http404
    allowed = (can_keep_register if write else can_read_register)(user, training.organisation)
    if not allowed:
        raise Http404
    return training


def proposal_for_user(user, pk: int, *, decide: bool = False) -> Proposal:
    """A proposal of an organisation the user is a member of (and may decide on), else 404."""
    proposal = (
        Proposal.objects.select_related(
            "organisation", "proposed_by", "decided_by", "goal__plan", "item__plan"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not can_propose(user, proposal.organisation):
        raise Http404
    if decide and not can_decide(user, proposal.organisation):
        raise Http404
    return proposal


def servable_items(user, organisation: Organisation) -> QuerySet[Item]:
    """The items a training or a proposal of `organisation` may serve: those of the plans
    of the organisation and of the organisations above it that the user may read, and
    that are not archived."""
    plans = (
        visible_plans(user)
        .filter(organisation_id__in=organisation.ancestor_ids)
        .exclude(status=PlanStatus.ARCHIVED)
    )
    return (
        Item.objects.filter(plan__in=plans.values("pk"))
        .select_related("plan")
        .order_by("plan__organisation__path", "-plan__period_start", "plan_id")
    )


def items_in_reading_order(items) -> list[Item]:
    """Items of several plans: plan by plan as read, each plan's items in its tree's order."""
    by_plan: dict[int, list[Item]] = {}
    for item in items:
        by_plan.setdefault(item.plan_id, []).append(item)
    return [item for plan_items in by_plan.values() for item in tree_order(plan_items)]
