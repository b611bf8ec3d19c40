"""Starting next year's plan from this year's: the old address, which leads to the preview.

Next period's plan is made from a preview of what it copies, carries over and
proposes (verksam.followup.rollover, which reads the follow-up that stands above
plans). This address, which the start page's form used to send to, answers
with that preview for those who may start it, so old links and forms still work.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from verksam.plans.permissions import can_create_plan, plan_for_user


@login_required
@require_http_methods(["GET", "POST"])
def plan_continue(request: HttpRequest, pk: int) -> HttpResponse:
    """Lead to the preview of the plan for the period after this one."""
    plan = plan_for_user(request.user, pk)
    if not can_create_plan(request.user, plan.organisation):
        raise Http404
    return redirect("followup:plan_rollover", plan_pk=plan.pk)
