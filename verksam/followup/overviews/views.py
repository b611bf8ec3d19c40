"""The county overview (länsöversikt) and the national overview (riksöversikt).

Everyone may open them, anonymous visitors too: regions are public, and what
the pages count comes only from plans the visitor may read (see
verksam.followup.overviews.county and .national, which go through
verksam.plans.permissions). An unknown region, a row that is not one of the county's, or a
focus area of a plan the visitor may not read answers 404.

The filters are a GET form; a value that is not one of the choices is named
in an error and the default is used instead.
"""

from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from verksam.followup.overviews import county, national
from verksam.followup.overviews.years import default_year, plan_runs_in
from verksam.plans.chain import MAX_CHAIN_DEPTH
from verksam.plans.choices import PlanKind


class OverviewFilterForm(forms.Form):
    """The year and the plan kind, shared by both overviews; all optional."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        help_text=_(
            "Each plan's year-end round of the year, or else its latest round ending in the year."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Plan kind"),
        required=False,
        choices=[("", _("All kinds")), *PlanKind.choices],
        help_text=_("Count only the items of plans of this kind."),
    )

    def __init__(self, data, *, years: list[int], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]

    def value(self, name: str, default):
        """The field's cleaned value, or `default` when it is missing or not valid."""
        if not self.is_valid() and name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


class CountyOverviewFilterForm(OverviewFilterForm):
    """Adds the region's plan whose top-level items (focus areas) make the columns."""

    plan = forms.TypedChoiceField(
        label=_("Focus areas of the plan"),
        coerce=int,
        required=False,
        help_text=_("The region's current adopted regional library plan unless you choose."),
    )

    field_order = ["plan", "year", "kind"]

    def __init__(self, data, *, years: list[int], plans, **kwargs):
        super().__init__(data, years=years, **kwargs)
        self.fields["plan"].choices = [
            (plan.pk, f"{plan.title} ({plan.period_label})") for plan in plans
        ]


def _filter_data(request: HttpRequest, defaults: dict) -> dict:
    """The GET values, with the defaults for what was not asked for (so the form shows them)."""
    data = {name: str(value) for name, value in defaults.items() if value is not None}
    for name in defaults:
        if request.GET.get(name, "") != "":
            data[name] = request.GET[name]
    return data


@require_safe
def county_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """How the plans of the county's libraries contribute to the focus areas of the region's
    plan, with their status in a year."""
    today = timezone.localdate()
    region = county.region_for_overview(pk)
    scope = county.county_scope(request.user, region, today=today)
    wanted = request.GET.get("plan", "")
    plan = (scope.plan(int(wanted)) if wanted.isdigit() else None) or scope.default_plan
    year_default = default_year(today, plan)
    form = CountyOverviewFilterForm(
        _filter_data(
            request,
            {"plan": plan.pk if plan else None, "year": year_default, "kind": ""},
        ),
        years=scope.years,
        plans=scope.region_plans,
    )
    year = form.value("year", year_default)
    kind = form.value("kind", "")
    overview = county.county_overview(scope, plan, year=year, kind=kind)
    for line, check in zip(overview.rows, _library_act_by_row(scope, overview, year), strict=True):
        line.library_act = check
    context = {
        "region": region,
        "overview": overview,
        "form": form,
        "query": _query(plan, year, kind),
        "max_depth": MAX_CHAIN_DEPTH,
    }
    return render(request, "followup/county_overview.html", context)


def _library_act_by_row(scope, overview, year: int) -> list[dict | None]:
    """Each row's Library Act check of the library plan that holds for it in the year, in
    the rows' order: the row's own (or a unit's below it), else the nearest above it, such
    as a library's municipal library plan or the region's regional library plan."""
    library_kinds = {PlanKind.LIBRARY_PLAN, PlanKind.REGIONAL_LIBRARY_PLAN}
    own: dict[int, object] = {}
    of_owner: dict[int, object] = {}
    for candidate in scope.plans:
        if candidate.kind not in library_kinds or not plan_runs_in(candidate, year):
            continue
        for mapping, key in (
            (own, scope.row_of_plan(candidate)),
            (of_owner, candidate.organisation_id),
        ):
            current = mapping.get(key)
            if key is not None and (
                current is None or candidate.period_start > current.period_start
            ):
                mapping[key] = candidate
    plan_of_row: dict[int, object] = {}
    for line in overview.rows:
        organisation = line.organisation
        chosen = own.get(organisation.pk)
        if chosen is None:
            above = [int(part) for part in organisation.path.strip("/").split("/") if part]
            chosen = next((of_owner[pk] for pk in reversed(above) if pk in of_owner), None)
        if chosen is not None:
            plan_of_row[organisation.pk] = chosen
    checks = county.library_act_checks(plan_of_row.values())
    return [
        {"plan": chosen, **checks[chosen.pk]}
        if (chosen := plan_of_row.get(line.organisation.pk)) is not None
        else None
        for line in overview.rows
    ]


@require_safe
def county_overview_cell(
    request: HttpRequest, pk: int, organisation_pk: int, item_pk: int
) -> HttpResponse:
    """The items of one row of the county overview that contribute to one focus area."""
    today = timezone.localdate()
    region = county.region_for_overview(pk)
    scope = county.county_scope(request.user, region, today=today)
    row = scope.row(organisation_pk)
    focus_area = county.focus_area_for_overview(scope, item_pk)
    year_default = default_year(today, focus_area.plan)
    form = OverviewFilterForm(
        _filter_data(request, {"year": year_default, "kind": ""}), years=scope.years
    )
    year = form.value("year", year_default)
    kind = form.value("kind", "")
    context = {
        "region": region,
        "row": row,
        "focus_area": focus_area,
        "plan": focus_area.plan,
        "year": year,
        "kind": kind,
        "kind_label": PlanKind(kind).label if kind else "",
        "form": form,
        "contributing": county.county_cell(scope, row, focus_area, year=year, kind=kind),
        "query": _query(focus_area.plan, year, kind),
    }
    return render(request, "followup/county_overview_cell.html", context)


@require_safe
def national_overview(request: HttpRequest) -> HttpResponse:
    """Every region's county against the Library Act's priority groups, in a year."""
    today = timezone.localdate()
    years = national.national_years(request.user, today)
    year_default = default_year(today)
    form = OverviewFilterForm(
        _filter_data(request, {"year": year_default, "kind": ""}), years=years
    )
    year = form.value("year", year_default)
    kind = form.value("kind", "")
    context = {
        "overview": national.kept_national_overview(
            request.user, year=year, kind=kind, years=years
        ),
        "form": form,
        "kind_label": PlanKind(kind).label if kind else "",
        "query": _query(None, year, kind),
    }
    return render(request, "followup/national_overview.html", context)


def _query(plan, year: int, kind: str) -> str:
    """The filters as a query string, to carry them to the linked overview pages."""
    values = {"year": year}
    if plan is not None:
        values["plan"] = plan.pk
    if kind:
        values["kind"] = kind
    return urlencode(values)
