"""Who may read, use and change planning models, and walk a plan through one.

Built-in models are open to everyone. An organisation's own model is read by the
members of the organisation and of its units (and by readers above it), used for the
plans of the organisation and its units, and changed by its editors and administrators.
A plan's progress through its model is read by those who may read the plan and walked
by those who may edit it (verksam/plans/permissions.py decides both). Whatever a
person may not see answers 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import (
    has_role,
    is_member_at_or_below,
    shared_or_within_reach,
)
from verksam.planning.models import PlanningModel, PlanningStep
from verksam.plans.models import Plan
from verksam.plans.permissions import (
    can_edit_plan,
    can_read_plan,
    organisations_for_new_plans,
    plan_for_user,
)


def visible_models(user) -> QuerySet[PlanningModel]:
    """The models the user may read: the built-in ones and their organisations' own."""
    return PlanningModel.objects.filter(shared_or_within_reach(user))


def can_read_model(user, model: PlanningModel) -> bool:
    if model.organisation is None:
        return True
    return has_role(user, model.organisation, Role.READER) or is_member_at_or_below(
        user, model.organisation
    )


def can_edit_model(user, model: PlanningModel) -> bool:
    """Editors and administrators change their organisation's models; the built-in ones
    only a superuser (they come with Verksam and every organisation reads them)."""
    if model.organisation is None:
        return user.is_authenticated and user.is_superuser
    return has_role(user, model.organisation, Role.EDITOR)


def organisations_for_new_models(user) -> QuerySet[Organisation]:
    """Where the user may define a model: where they may create plans (editors)."""
    return organisations_for_new_plans(user)


def model_for_user(user, pk: int, *, write: bool = False) -> PlanningModel:
    """The model with this id if the user may read (or change) it, otherwise 404."""
    try:
        model = PlanningModel.objects.select_related("organisation").get(pk=pk)
    except PlanningModel.DoesNotExist:
        raise Http404 from None
    allowed = can_edit_model(user, model) if write else can_read_model(user, model)
    if not allowed:
        raise Http404
    return model


def step_for_user(user, model_pk: int, pk: int, *, write: bool = False) -> PlanningStep:
    model = model_for_user(user, model_pk, write=write)
    try:
        step = PlanningStep.objects.get(pk=pk, model=model)
    except PlanningStep.DoesNotExist:
        raise Http404 from None
    step.model = model
    return step


def models_for_organisation(organisation: Organisation) -> QuerySet[PlanningModel]:
    """The models a plan of this organisation may follow: the built-in ones, and those
    of the organisation and the organisations above it."""
    above = [int(part) for part in organisation.path.strip("/").split("/") if part]
    return PlanningModel.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=above or [organisation.pk])
    )


def can_use_model(user, model: PlanningModel) -> bool:
    """Whether the user may create a plan by this model for some organisation."""
    return can_read_model(user, model) and organisations_for_model(user, model).exists()


def organisations_for_model(user, model: PlanningModel) -> QuerySet[Organisation]:
    """The organisations the user may create a plan for by this model."""
    organisations = organisations_for_new_plans(user)
    if model.organisation is not None:
        organisations = organisations.filter(path__startswith=model.organisation.path)
    return organisations


def plan_progress_for_user(user, plan_pk: int, *, write: bool = False) -> Plan:
    """A plan whose progress through its model the user may read (or walk), otherwise 404."""
    return plan_for_user(user, plan_pk, write=write)


__all__ = [
    "can_edit_model",
    "can_edit_plan",
    "can_read_model",
    "can_read_plan",
    "can_use_model",
    "model_for_user",
    "models_for_organisation",
    "organisations_for_model",
    "organisations_for_new_models",
    "plan_progress_for_user",
    "step_for_user",
    "visible_models",
]
