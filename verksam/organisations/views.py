"""Organisation pages: the tree, and each organisation with its units, groups and plans.

Organisations are public bodies and their structure is public; which plans are
listed is decided by verksam.plans.permissions.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from verksam.indicators.permissions import can_import_measurements, can_read_measurements
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import role_in
from verksam.organisations.selectors import organisation_context, organisation_forest
from verksam.plans.permissions import can_create_plan


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
        "can_create_plan": can_create_plan(request.user, organisation),
        "can_read_measurements": can_read_measurements(request.user, organisation),
        "can_import_measurements": can_import_measurements(request.user, organisation),
        **organisation_context(request.user, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)
