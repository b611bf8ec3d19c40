"""The comparison of two versions of a plan (plans:plan_diff)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from verksam.plans.permissions import plan_for_user
from verksam.plans.versions import change_labels, plan_diff, plan_versions


def plan_diff_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare two versions of the plan's lineage: ?fran=<version>&till=<version>.

    A version is a plan's id (the plan as it is now) or "s" and a snapshot's id
    (the plan as it was adopted). `med` is the same as `fran`. Without them the
    plan is compared with the version before it.
    """
    plan = plan_for_user(request.user, pk)
    versions = plan_versions(request.user, plan)
    by_key = {version.key: version for version in versions}
    current = by_key[str(plan.pk)]
    to_key = request.GET.get("till") or current.key
    from_key = request.GET.get("fran") or request.GET.get("med")
    if from_key is None:
        earlier = [v for v in versions if v.order < current.order]
        from_key = earlier[-1].key if earlier else None
    if to_key not in by_key or (from_key is not None and from_key not in by_key):
        raise Http404
    diff = None
    if from_key is not None:
        first, second = sorted([by_key[from_key], by_key[to_key]], key=lambda v: v.order)
        diff = plan_diff(first, second)
    return render(
        request,
        "plans/plan_diff.html",
        {
            "plan": plan,
            "versions": versions,
            "from_key": from_key,
            "to_key": to_key,
            "diff": diff,
            "labels": change_labels(),
            "page_title": _("Compare versions"),
        },
    )
