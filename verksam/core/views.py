"""The start page."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from verksam.organisations.models import Organisation
from verksam.organisations.permissions import roles_by_organisation
from verksam.plans.models import Plan
from verksam.plans.selectors import plans_to_continue

#: How many published plans the start page lists; the organisation pages list the rest.
PUBLISHED_PLANS_SHOWN = 30


def home(request: HttpRequest) -> HttpResponse:
    """The user's organisations and their plans, and the most recent published plans."""
    roles = roles_by_organisation(request.user)
    memberships = []
    own_plans: list[Plan] = []
    own = Q(pk__in=[])
    if roles:
        organisations = Organisation.objects.filter(pk__in=roles).order_by("path")
        memberships = [(org, roles[org.pk]) for org in organisations]
        for organisation, _role in memberships:
            own |= Q(organisation__path__startswith=organisation.path)
        own_plans = list(
            Plan.objects.filter(own)
            .select_related("organisation")
            .order_by("organisation__path", "-period_start", "title")
        )
    published_plans = list(
        Plan.objects.publicly_visible()
        .exclude(own)
        .select_related("organisation")
        .order_by("-period_start", "organisation__name")[:PUBLISHED_PLANS_SHOWN]
    )
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "own_plans": own_plans,
            "published_plans": published_plans,
            "plans_to_continue": plans_to_continue(
                request.user, own_plans, today=timezone.localdate()
            ),
        },
    )
