"""Organisation pages: the tree, and each organisation with its units, groups and plans.

Organisations are public bodies and their structure is public; which plans are
listed, and whether the measurement import is offered, is added by plans and indicators
through verksam.organisations.page_parts.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from verksam.organisations.models import Organisation
from verksam.organisations.permissions import role_in
from verksam.organisations.selectors import organisation_context, organisation_forest


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = list(Organisation.objects.order_by("path"))
    return render(
        request,
        "organisations/organisation_list.html",
        {"forest": organisation_forest(organisations)},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("leader"), pk=pk)
    context = {
        "organisation": organisation,
        "role": role_in(request.user, organisation),
        **organisation_context(request.user, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)
