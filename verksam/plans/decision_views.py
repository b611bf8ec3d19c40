"""Sending a draft plan for decision, and sending it back from decision.

The decision itself is recorded on the adoption page (views.plan_adopt). Every
view gets its plan through verksam.plans.permissions, which answers 404 for
what the user may not see or do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors
from verksam.plans import services
from verksam.plans.forms import PlanReturnForm, PlanSendForDecisionForm
from verksam.plans.permissions import plan_for_user


@login_required
@sent_once
def plan_send_for_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor sends a finished draft to a board for decision."""
    plan = plan_for_user(request.user, pk, write=True)
    if not plan.is_editable:
        messages.error(request, plan.lock_message)
        return redirect(plan)
    boards = services.adopting_boards(plan)
    if request.method == "POST":
        form = PlanSendForDecisionForm(request.POST, boards=boards)
        if form.is_valid():
            try:
                sent = services.plan_send_for_decision(
                    user=request.user, plan=plan, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The plan was sent for decision by %(body)s. It is locked until an "
                        "administrator records the decision or sends it back."
                    )
                    % {"body": sent.body},
                )
                return redirect(plan)
    else:
        form = PlanSendForDecisionForm(boards=boards)
    return render(
        request,
        "plans/plan_send_for_decision.html",
        {"form": form, "plan": plan, "page_title": _("Send the plan for decision")},
    )


@login_required
@sent_once
def plan_return_from_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator sends a plan back from decision to its editors, with a comment."""
    plan = plan_for_user(request.user, pk, administer=True)
    if not (plan.awaiting_decision and plan.is_draft):
        messages.error(request, _("The plan is not waiting for a decision."))
        return redirect(plan)
    if request.method == "POST":
        form = PlanReturnForm(request.POST)
        if form.is_valid():
            try:
                services.plan_return_from_decision(
                    user=request.user, plan=plan, comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The plan was sent back to its editors. It is a draft that can be changed."),
                )
                return redirect(plan)
    else:
        form = PlanReturnForm()
    return render(
        request,
        "plans/plan_return_from_decision.html",
        {"form": form, "plan": plan, "page_title": _("Send the plan back")},
    )
