"""Pages of indicators: definitions, indicators and targets on plan items, measurements by hand.

Every view gets its objects through verksam.indicators.permissions or
verksam.plans.permissions, which answer 404 for whatever the user may not see
or change.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors
from verksam.indicators import selectors, services
from verksam.indicators.forms import (
    IndicatorForm,
    IndicatorSearchForm,
    ItemIndicatorForm,
    MeasurementFilterForm,
    MeasurementForm,
    TargetForm,
)
from verksam.indicators.models import ItemIndicator, Target
from verksam.indicators.permissions import (
    can_create_indicator,
    can_edit_indicator,
    can_enter_measurements,
    indicator_for_user,
    measurement_for_user,
    measurement_organisation_for_user,
    owner_choices,
    visible_indicators,
)
from verksam.plans.forms import responsible_organisations
from verksam.plans.permissions import item_for_user


def indicator_list(request: HttpRequest) -> HttpResponse:
    search = IndicatorSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = selectors.paginate(
        selectors.indicator_search(request.user, query), request.GET.get("page")
    )
    context = {
        "search": search,
        "query": query,
        "page": page,
        "can_create": can_create_indicator(request.user),
    }
    if request.htmx and request.htmx.target == "indicator-results":
        return render(request, "indicators/_indicator_table.html", context)
    return render(request, "indicators/indicator_list.html", context)


@login_required
@sent_once
def indicator_create(request: HttpRequest) -> HttpResponse:
    if not can_create_indicator(request.user):
        raise Http404
    form_kwargs = {"owners": owner_choices(request.user), "may_share": request.user.is_superuser}
    if request.method == "POST":
        form = IndicatorForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                indicator = services.indicator_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The indicator “%(name)s” was created.") % {"name": indicator.name},
                )
                return redirect(indicator)
    else:
        form = IndicatorForm(**form_kwargs)
    return render(
        request,
        "indicators/indicator_create.html",
        {"form": form, "page_title": _("New indicator")},
    )


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = indicator_for_user(request.user, pk)
    uses = selectors.paginate(
        selectors.indicator_uses(request.user, indicator), request.GET.get("page")
    )
    for use in uses:
        use.display_baseline = selectors.format_value(use.baseline, indicator.decimals)
    context = {
        "indicator": indicator,
        "uses": uses,
        "can_edit": can_edit_indicator(request.user, indicator),
    }
    return render(request, "indicators/indicator_detail.html", context)


@login_required
@sent_once
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = indicator_for_user(request.user, pk, write=True)
    form_kwargs = {"owners": owner_choices(request.user), "may_share": request.user.is_superuser}
    if request.method == "POST":
        form = IndicatorForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.indicator_update(
                    user=request.user, indicator=indicator, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(indicator)
    else:
        form = IndicatorForm(
            initial={
                "name": indicator.name,
                "key": indicator.key,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "decimals": indicator.decimals,
                "description": indicator.description,
                "source": indicator.source,
                "organisation": indicator.organisation_id,
            },
            **form_kwargs,
        )
    return render(
        request,
        "indicators/indicator_edit.html",
        {"form": form, "indicator": indicator, "page_title": _("Edit")},
    )


def _item_indicators_url(item) -> str:
    return reverse("indicators:item_indicators", args=[item.plan_id, item.pk])


def _target_prefix(item_indicator_pk: int) -> str:
    return f"target-{item_indicator_pk}"


@login_required
@sent_once
def item_indicators(request: HttpRequest, plan_pk: int, item_pk: int) -> HttpResponse:
    """An item's indicators with baselines and targets; add indicators and set targets."""
    item = item_for_user(request.user, plan_pk, item_pk, write=True)
    plan = item.plan
    rows = selectors.item_indicator_rows(request.user, item)
    indicators = (
        visible_indicators(request.user)
        .exclude(pk__in=[row.item_indicator.indicator_id for row in rows])
        .order_by("name", "key")
    )
    add_kwargs = {
        "indicators": indicators,
        "organisations": responsible_organisations(plan),
        "plan_organisation": plan.organisation,
    }
    add_form = None
    target_forms: dict[int, TargetForm] = {}
    if request.method == "POST":
        if not plan.is_editable:
            messages.error(request, plan.lock_message)
            return redirect(_item_indicators_url(item))
        if request.POST.get("action") == "target":
            pk = request.POST.get("item_indicator", "")
            row = next((r for r in rows if str(r.item_indicator.pk) == pk), None)
            if row is None:
                raise Http404
            item_indicator = row.item_indicator
            form = TargetForm(request.POST, prefix=_target_prefix(item_indicator.pk))
            if form.is_valid():
                try:
                    services.target_set(
                        user=request.user, item_indicator=item_indicator, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The target of “%(indicator)s” was saved.")
                        % {"indicator": item_indicator.indicator.name},
                    )
                    return redirect(f"{_item_indicators_url(item)}#indicator-{item_indicator.pk}")
            target_forms[item_indicator.pk] = form
        else:
            add_form = ItemIndicatorForm(request.POST, **add_kwargs)
            if add_form.is_valid():
                try:
                    item_indicator = services.item_indicator_add(
                        user=request.user, item=item, **add_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(add_form, error)
                else:
                    messages.success(
                        request,
                        _("“%(item)s” now follows the indicator “%(indicator)s”.")
                        % {"item": item.title, "indicator": item_indicator.indicator.name},
                    )
                    return redirect(f"{_item_indicators_url(item)}#indicator-{item_indicator.pk}")
    for row in rows:
        pk = row.item_indicator.pk
        row.target_form = target_forms.get(pk) or TargetForm(prefix=_target_prefix(pk))
    context = {
        "plan": plan,
        "item": item,
        "rows": rows,
        "add_form": add_form or ItemIndicatorForm(**add_kwargs),
        "editable": plan.is_editable,
        "page_title": _("Indicators"),
    }
    return render(request, "indicators/item_indicators.html", context)


@login_required
@require_POST
def item_indicator_remove(
    request: HttpRequest, plan_pk: int, item_pk: int, pk: int
) -> HttpResponse:
    item = item_for_user(request.user, plan_pk, item_pk, write=True)
    item_indicator = get_object_or_404(
        ItemIndicator.objects.select_related("indicator"), pk=pk, item=item
    )
    item_indicator.item = item
    try:
        services.item_indicator_remove(user=request.user, item_indicator=item_indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(item)s” no longer follows the indicator “%(indicator)s”.")
            % {"item": item.title, "indicator": item_indicator.indicator.name},
        )
    return redirect(_item_indicators_url(item))


@login_required
@require_POST
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.select_related("item_indicator__item", "item_indicator__indicator"), pk=pk
    )
    item_indicator = target.item_indicator
    item = item_for_user(
        request.user, item_indicator.item.plan_id, item_indicator.item_id, write=True
    )
    item_indicator.item = item
    try:
        services.target_remove(user=request.user, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The target of “%(indicator)s” for %(period)s was removed.")
            % {
                "indicator": item_indicator.indicator.name,
                "period": selectors.period_label(target.period_start, target.period_end),
            },
        )
    return redirect(f"{_item_indicators_url(item)}#indicator-{item_indicator.pk}")


@login_required
@sent_once
def measurement_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """An organisation's measurements, filtered and paginated, and a form to enter a value."""
    organisation = measurement_organisation_for_user(request.user, organisation_pk)
    can_enter = can_enter_measurements(request.user, organisation)
    indicators = visible_indicators(request.user).order_by("name", "key")
    form = None
    if request.method == "POST":
        if not can_enter:
            raise Http404
        form = MeasurementForm(request.POST, indicators=indicators)
        if form.is_valid():
            data = form.cleaned_data
            try:
                measurement = services.measurement_save(
                    user=request.user,
                    indicator=data["indicator"],
                    organisation=organisation,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    value=data["value"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The value of “%(indicator)s” for %(period)s was saved: %(value)s.")
                    % {
                        "indicator": measurement.indicator.name,
                        "period": selectors.period_label(
                            measurement.period_start, measurement.period_end
                        ),
                        "value": selectors.format_value(
                            measurement.value, measurement.indicator.decimals
                        ),
                    },
                )
                return redirect(request.get_full_path())
    filter_form = MeasurementFilterForm(
        request.GET, indicators=selectors.measured_indicators(organisation), auto_id="id_filter_%s"
    )
    filters = filter_form.filters()
    page = selectors.paginate(
        selectors.measurements_of(organisation, **filters), request.GET.get("page")
    )
    selectors.format_measurements(page)
    if form is None and can_enter:
        form = MeasurementForm(
            indicators=indicators,
            initial={"indicator": filters["indicator"], "year": datetime.date.today().year},
        )
    context = {
        "organisation": organisation,
        "can_enter": can_enter,
        "form": form,
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
    }
    return render(request, "indicators/measurement_list.html", context)


@login_required
@require_POST
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = measurement_for_user(request.user, pk, write=True)
    organisation = measurement.organisation
    services.measurement_delete(user=request.user, measurement=measurement)
    messages.success(
        request,
        _("The value of “%(indicator)s” for %(period)s was deleted.")
        % {
            "indicator": measurement.indicator.name,
            "period": selectors.period_label(measurement.period_start, measurement.period_end),
        },
    )
    next_url = request.POST.get("next", "")
    list_url = reverse("indicators:measurement_list", args=[organisation.pk])
    if next_url.startswith(list_url) and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(list_url)
