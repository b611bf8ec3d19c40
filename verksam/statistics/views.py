"""Pages of the statistics: the catalogue, choosing a term for an item, and comparisons."""

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors
from verksam.organisations.areas import area_for_organisation, area_name
from verksam.statistics import catalogue as term_catalogue
from verksam.statistics import charts, selectors, services
from verksam.statistics.choices import PeerGroupKind, Scale
from verksam.statistics.forms import PeerGroupForm
from verksam.statistics.models import PeerGroup
from verksam.statistics.permissions import (
    can_manage_peer_groups,
    comparison_for_user,
    item_for_choosing,
    peer_groups_organisation_for_user,
)

#: How many entries a search shows; a narrower search finds the rest.
SHOWN = 40
#: The policy of a chart image: its own inline styles, nothing else at all.
CHART_POLICY = {"default-src": [NONE], "style-src": [UNSAFE_INLINE]}


def _search(request: HttpRequest) -> dict:
    query = request.GET.get("q", "").strip()[:100]
    source = request.GET.get("source", "")
    if source not in ("", term_catalogue.KB, term_catalogue.KOLADA):
        source = ""
    found = term_catalogue.search(query, source=source)
    return {"query": query, "source": source, "entries": found[:SHOWN], "total": len(found)}


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """KB's statistics terms and Kolada's library key figures, searchable in Swedish."""
    return render(request, "statistics/catalogue_list.html", _search(request))


@login_required
@require_http_methods(["GET", "POST"])
@sent_once
def term_choose(request: HttpRequest, plan_pk: int, item_pk: int) -> HttpResponse:
    """Pick a catalogue term for an item: its indicator is made with source, unit and direction."""
    item = item_for_choosing(request.user, plan_pk, item_pk)
    back = reverse("indicators:item_indicators", args=[item.plan_id, item.pk])
    if request.method == "POST":
        entry = term_catalogue.get_entry(
            request.POST.get("source", ""), request.POST.get("key", "")
        )
        scale = request.POST.get("scale", Scale.TOTAL)
        if entry is None or scale not in entry.scales():
            messages.error(request, _("Choose a term of the catalogue."))
            return redirect(request.get_full_path())
        try:
            use = services.term_choose_for_item(
                user=request.user, item=item, entry=entry, scale=scale
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("“%(item)s” now follows the indicator “%(indicator)s”.")
            % {"item": item.title, "indicator": use.indicator.name},
        )
        return redirect(f"{back}#indicator-{use.pk}")
    context = _search(request) | {
        "item": item,
        "plan": item.plan,
        "back": back,
        "scales": Scale,
    }
    return render(request, "statistics/term_choose.html", context)


@require_safe
def comparison_detail(
    request: HttpRequest, indicator_pk: int, organisation_pk: int
) -> HttpResponse:
    """An organisation's value over the years beside its county, the country and its peers."""
    indicator, organisation = comparison_for_user(request.user, indicator_pk, organisation_pk)
    comparison = selectors.comparison_for_indicator(indicator, organisation)
    if comparison is None:
        raise Http404
    headers, rows = charts.comparison_table(comparison)
    context = {
        "indicator": indicator,
        "organisation": organisation,
        "comparison": comparison,
        "description": charts.comparison_description(comparison),
        "headers": headers,
        "rows": rows,
        "can_manage_groups": can_manage_peer_groups(request.user, organisation),
    }
    return render(request, "statistics/comparison_detail.html", context)


@require_safe
@csp(CHART_POLICY)
def comparison_chart(request: HttpRequest, indicator_pk: int, organisation_pk: int) -> HttpResponse:
    """The comparison as an SVG image."""
    indicator, organisation = comparison_for_user(request.user, indicator_pk, organisation_pk)
    comparison = selectors.comparison_for_indicator(indicator, organisation)
    if comparison is None or not comparison.rows:
        raise Http404
    response = HttpResponse(charts.comparison_svg(comparison), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@sent_once
@require_http_methods(["GET", "POST"])
def peer_group_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """The groups an organisation's figures are compared with: SKR's, and its own to make."""
    organisation = peer_groups_organisation_for_user(request.user, organisation_pk)
    form = PeerGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.peer_group_create(
                user=request.user,
                name=form.cleaned_data["name"],
                members=form.cleaned_data["members"],
                organisation=organisation,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group “%(name)s” was saved.") % {"name": group.name})
            return redirect(request.path)
    area = area_for_organisation(organisation)
    groups = list(PeerGroup.objects.filter(organisation=organisation)) + [
        group
        for group in PeerGroup.objects.filter(kind=PeerGroupKind.SKR)
        if area is not None and area.code in group.members
    ]
    for group in groups:
        group.member_names = ", ".join(area_name(code) for code in group.members)
    context = {"organisation": organisation, "area": area, "groups": groups, "form": form}
    return render(request, "statistics/peer_group_list.html", context)
