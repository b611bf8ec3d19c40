"""Starting next year's plan from this year's, as the start page offers it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import sent_once
from verksam.plans import services
from verksam.plans.permissions import can_create_plan, plan_for_user


@login_required
@require_POST
@sent_once
def plan_continue(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the draft of the plan for the period after this one, and open it."""
    plan = plan_for_user(request.user, pk)
    if not can_create_plan(request.user, plan.organisation):
        raise Http404
    try:
        successor = services.plan_continue(user=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(
        request,
        _("%(title)s was started as a draft, with the text and content of %(previous)s.")
        % {"title": successor.title, "previous": plan.title},
    )
    return redirect(successor)
