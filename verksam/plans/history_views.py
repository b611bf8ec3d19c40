"""Pages of a plan's and an item's change history, and restoring a deleted item from it.

History is internal: readers (or higher) of the plan's organisation read it
(verksam.plans.permissions.can_read_history); others get 404, as for anything
they may not see. Administrators of the organisation restore deleted items
while the plan is a draft.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import sent_once
from verksam.core.models import ChangeRecord
from verksam.plans import history, services
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import can_administer_plan, can_read_history, plan_for_user


def _plan_with_history(user, pk: int) -> Plan:
    plan = plan_for_user(user, pk)
    if not can_read_history(user, plan):
        raise Http404
    return plan


@login_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of the plan and its content, newest first."""
    plan = _plan_with_history(request.user, pk)
    may_restore = plan.is_editable and can_administer_plan(request.user, plan)
    page = history.plan_history(plan, request.GET.get("sida"), may_restore=may_restore)
    context = {"plan": plan, "page": page, "page_title": _("History")}
    return render(request, "plans/plan_history.html", context)


@login_required
def item_history(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """The changes of one item, its links, indicators and assessments; also of a deleted item."""
    plan = _plan_with_history(request.user, plan_pk)
    item = plan.items.filter(pk=pk).first()
    title = item.title if item is not None else None
    if item is None:
        title = (
            ChangeRecord.objects.filter(
                plan_id=plan.pk, object_type=Item._meta.label_lower, object_id=pk
            )
            .order_by("-created_at", "-id")
            .values_list("object_repr", flat=True)
            .first()
        )
        if title is None:
            raise Http404
    else:
        item.plan = plan
    may_restore = plan.is_editable and can_administer_plan(request.user, plan)
    page = history.plan_history(plan, request.GET.get("sida"), item_id=pk, may_restore=may_restore)
    context = {
        "plan": plan,
        "item": item,
        "item_title": title,
        "page": page,
        "page_title": _("History"),
    }
    return render(request, "plans/item_history.html", context)


@login_required
@require_POST
@sent_once
def item_restore(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Put a deleted item back, with everything deleted with it: for administrators."""
    plan = plan_for_user(request.user, plan_pk, administer=True)
    if not plan.is_editable:
        messages.error(
            request,
            _(
                "The plan is %(status)s, so nothing can be restored into it. "
                "Make a new version of the plan to change it."
            )
            % {"status": plan.get_status_display()},
        )
        return redirect("plans:plan_history", pk=plan.pk)
    try:
        item = services.item_restore(user=request.user, plan=plan, item_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:plan_history", pk=plan.pk)
    messages.success(
        request,
        _("“%(title)s” was restored, with everything that was deleted with it.")
        % {"title": item.title},
    )
    return redirect(item)
