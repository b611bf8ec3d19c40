"""Pages that follow the steering chain across plans: traceability and coverage."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from verksam.plans import chain
from verksam.plans.permissions import item_for_user, plan_for_user


def item_trace(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """The whole chain of an item: what it contributes to and what contributes to it."""
    item = item_for_user(request.user, plan_pk, pk)
    context = {
        "plan": item.plan,
        "item": item,
        "page_title": _("The whole chain"),
        **chain.item_trace(request.user, item),
    }
    return render(request, "plans/item_trace.html", context)


def plan_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's items nothing contributes to, and the items below that contribute to nothing."""
    plan = plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "page_title": _("Coverage"),
        **chain.plan_coverage(request.user, plan, page_number=request.GET.get("sida", 1)),
    }
    return render(request, "plans/plan_coverage.html", context)
