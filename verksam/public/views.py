"""The public pages: published plans by county and municipality, one published plan,
and the service's accessibility statement.

No login is needed and a logged-in member sees the same pages: every read goes
through verksam.public.selectors, which asks the permission layer as an
anonymous visitor would. Whatever is not publicly visible answers 404.
"""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from verksam.followup import page_cache
from verksam.plans.permissions import plan_for_user
from verksam.public import selectors

#: When the service was last assessed against the accessibility requirements, and
#: when the statement was last updated. Change both when the statement changes.
ACCESSIBILITY_ASSESSED_ON = datetime.date(2026, 11, 28)
ACCESSIBILITY_UPDATED_ON = datetime.date(2026, 11, 28)

#: Where the supervisory authority takes reports of shortcomings.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


def _county_or_404(slug: str) -> selectors.County:
    county = selectors.county_for_slug(slug)
    if county is None:
        raise Http404
    return county


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    """Sweden's counties that have published plans, and published plans outside any county."""
    return render(request, "public/region_list.html", {"listing": selectors.county_list()})


@require_safe
def region_detail(request: HttpRequest, county_slug: str) -> HttpResponse:
    """A county's regional plans and its municipalities with published plans."""
    county = _county_or_404(county_slug)
    return render(request, "public/region_detail.html", {"page": selectors.county_page(county)})


@require_safe
def municipality_detail(
    request: HttpRequest, county_slug: str, municipality_slug: str
) -> HttpResponse:
    """The published plans of a municipality's organisations."""
    county = _county_or_404(county_slug)
    page = selectors.municipality_page(county, municipality_slug)
    if page is None:
        raise Http404
    return render(request, "public/municipality_detail.html", {"page": page})


@require_safe
def plan_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """A published plan: its decision, text, items, links and approved follow-up."""
    today = timezone.localdate()
    plan = plan_for_user(selectors.PUBLIC, pk)
    if slug != selectors.public_slug(plan.title):
        return redirect(selectors.public_plan_url(plan), permanent=True)
    key = page_cache.public_plan_key(plan, today=today)
    context = {
        # Read only when the cached page (page_key) is missing and the template looks inside.
        "public": SimpleLazyObject(lambda: selectors.public_plan(pk, today=today)),
        "plan": plan,
        "page_key": key,
        "crumbs_key": f"{key}:crumbs",
    }
    return render(request, "public/plan_detail.html", context)


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement required by the Swedish law on accessible public digital
    services (lag 2018:1937)."""
    context = {
        # DEFAULT_FROM_EMAIL may be written "Name <address>"; the page links the address.
        "contact": parseaddr(settings.VERKSAM_ACCESSIBILITY_CONTACT)[1],
        "provider": settings.VERKSAM_SERVICE_PROVIDER,
        "assessed_on": ACCESSIBILITY_ASSESSED_ON,
        "updated_on": ACCESSIBILITY_UPDATED_ON,
        "digg_report_url": DIGG_REPORT_URL,
    }
    return render(request, "public/accessibility_statement.html", context)
