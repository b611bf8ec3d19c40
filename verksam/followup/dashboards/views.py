"""Dashboards: a plan's statuses and indicators, a person's follow-ups, an organisation's plans.

Access is decided by verksam.plans.permissions (whoever may read a plan may
read its dashboard and charts; the rest get 404) and, for the lists, by the
memberships that verksam.organisations.permissions reads. The reads are in
verksam.followup.dashboards.selectors.

Charts are served as SVG images, never inlined: matplotlib's SVG holds a
<style> element and style attributes, which the pages' Content Security Policy
forbids; an image gets a policy of its own that allows its inline styles and
nothing else.
"""

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from verksam.followup.dashboards import selectors
from verksam.followup.permissions import can_review, can_see_unapproved
from verksam.followup.selectors import ROUND_PARAMETER
from verksam.organisations.models import Organisation
from verksam.plans.permissions import plan_for_user

#: The policy of a chart image: its own inline styles, nothing else at all.
CHART_POLICY = {"default-src": [NONE], "style-src": [UNSAFE_INLINE]}


@require_safe
def plan_dashboard(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A plan's overview: status per top-level item and round, one round's summary,
    and each indicator against its targets."""
    plan = plan_for_user(request.user, plan_pk)
    if "round" in request.GET:
        # The round was once chosen with ?round=; such links lead to ?omgang=.
        query = request.GET.copy()
        query.setlist(ROUND_PARAMETER, query.pop("round"))
        return redirect(f"{request.path}?{query.urlencode()}", permanent=True)
    dashboard = selectors.plan_dashboard(
        request.user,
        plan,
        wanted_round=request.GET.get(ROUND_PARAMETER),
        today=timezone.localdate(),
    )
    context = {
        "plan": plan,
        "dashboard": dashboard,
        "can_see_unapproved": can_see_unapproved(request.user, plan),
        "can_review": can_review(request.user, plan),
    }
    return render(request, "followup/dashboard_plan.html", context)


@require_safe
@csp(CHART_POLICY)
def plan_chart(request: HttpRequest, plan_pk: int, name: str) -> HttpResponse:
    """One chart of a plan's dashboard as an SVG image."""
    plan = plan_for_user(request.user, plan_pk)
    chart = selectors.plan_chart(request.user, plan, name)
    if chart is None:
        raise Http404
    response = HttpResponse(chart.svg(titled=False), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_safe
def my_followups(request: HttpRequest) -> HttpResponse:
    """What the logged-in person is expected to follow up, and what awaits their approval."""
    today = timezone.localdate()
    context = {
        "followups": selectors.my_followups(request.user, today=today),
        "today": today,
    }
    return render(request, "followup/dashboard_my_followups.html", context)


@require_safe
def organisation_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The plans of an organisation and its units that the visitor may read, and their follow-up."""
    organisation = get_object_or_404(Organisation, pk=pk)
    today = timezone.localdate()
    context = {
        "organisation": organisation,
        "overviews": selectors.organisation_plans(request.user, organisation, today=today),
        "today": today,
    }
    return render(request, "followup/dashboard_organisation.html", context)
