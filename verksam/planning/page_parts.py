"""The planning model's part of a plan's page: the model's steps and which are complete."""

from django.template.loader import render_to_string

from verksam.planning.selectors import plan_progress
from verksam.plans.permissions import can_edit_plan


def plan_progress_part(request, plan) -> str:
    """The steps of the plan's model with their completion; "" when it follows none.

    The plan page has already decided that the user may read the plan, so its progress
    is shown to the same readers; the links into the steps only to its editors.
    """
    progress = plan_progress(plan)
    if progress is None:
        return ""
    return render_to_string(
        "planning/_plan_progress.html",
        {
            "progress": progress,
            "can_walk": plan.is_editable and can_edit_plan(request.user, plan),
        },
        request=request,
    )
