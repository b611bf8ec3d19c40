"""The resources pages: a plan's budget and outcome, an item's budget lines, a round's
outcome of an item, and the import of a year's budget lines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verksam.core.downloads import content_disposition, file_name_of
from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors
from verksam.followup.selectors import ROUND_PARAMETER, plan_page_rounds
from verksam.indicators.imports.files import MAX_FILE_SIZE
from verksam.plans.permissions import can_edit_plan, plan_for_user
from verksam.resources import selectors
from verksam.resources.choices import CostKind
from verksam.resources.forms import BudgetImportForm, BudgetLineForm, OutcomeForm
from verksam.resources.imports import budget_import as import_budget
from verksam.resources.imports import budget_template as budget_template_file
from verksam.resources.imports import item_numbers
from verksam.resources.permissions import (
    budget_line_for_user,
    can_edit_budget,
    can_read_outcomes,
    can_record_outcome,
    item_budget_for_user,
    round_item_for_outcome,
)
from verksam.resources.services import (
    budget_line_delete,
    budget_line_save,
    outcome_versions,
    outcomes_record,
)


@require_safe
def plan_resources(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A plan's budget of one year beside one round's outcome, item by item up the tree."""
    plan = plan_for_user(request.user, plan_pk)
    rounds, chosen = plan_page_rounds(plan, request.GET.get(ROUND_PARAMETER))
    for followup_round in rounds:
        followup_round.plan = plan
    year = selectors.year_from(request.GET.get("ar"), plan, selectors.default_year(plan, chosen))
    shows_outcome = chosen is not None and can_read_outcomes(request.user, chosen)
    resources = selectors.plan_resources(
        plan, year=year, followup_round=chosen, shows_outcome=shows_outcome
    )
    numbers = item_numbers([row.item for row in resources.rows])
    return render(
        request,
        "resources/plan_resources.html",
        {
            "plan": plan,
            "resources": resources,
            "rows": [(numbers[row.item.pk], row) for row in resources.rows],
            "years": selectors.plan_years(plan),
            "year": year,
            "rounds": rounds,
            "chosen_round": chosen,
            "outcome_hidden": chosen is not None and not shows_outcome,
            "can_edit": can_edit_budget(request.user, plan),
            "is_editor": can_edit_plan(request.user, plan),
            "page_title": _("Resources"),
        },
    )


@sent_once
def item_budget(request: HttpRequest, plan_pk: int, item_pk: int) -> HttpResponse:
    """An item's budget lines; editors of a draft plan add lines here."""
    write = request.method == "POST"
    item = item_budget_for_user(request.user, plan_pk, item_pk, write=write)
    plan = item.plan
    can_edit = can_edit_budget(request.user, plan)
    form = None
    if can_edit:
        form = BudgetLineForm(
            request.POST or None,
            years=selectors.plan_years(plan),
            initial={"year": selectors.default_year(plan), "version": 0},
        )
        if write and form.is_valid():
            data = form.cleaned_data
            try:
                budget_line_save(
                    user=request.user,
                    item=item,
                    kind=data["kind"],
                    year=data["year"],
                    amount=data["amount"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The budget line was added."))
                return redirect("resources:item_budget", plan.pk, item.pk)
    lines = list(item.budget_lines.order_by("year", "kind", "pk"))
    return render(
        request,
        "resources/item_budget.html",
        {
            "plan": plan,
            "item": item,
            "lines": lines,
            "form": form,
            "can_edit": can_edit,
            "lock_message": plan.lock_message,
            "page_title": _("Budget"),
        },
    )


@login_required
@sent_once
def budget_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one budget line of a draft plan."""
    line = budget_line_for_user(request.user, pk)
    item, plan = line.item, line.item.plan
    initial = {
        "kind": line.kind,
        "year": line.year,
        "amount": line.amount,
        "note": line.note,
        "version": line.version,
    }
    form = BudgetLineForm(request.POST or None, years=selectors.plan_years(plan), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget_line_save(
                user=request.user,
                item=item,
                kind=data["kind"],
                year=data["year"],
                amount=data["amount"],
                note=data["note"],
                line=line,
                expected_version=data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect("resources:item_budget", plan.pk, item.pk)
    return render(
        request,
        "resources/budget_line_edit.html",
        {"plan": plan, "item": item, "line": line, "form": form, "page_title": _("Budget line")},
    )


@login_required
@require_POST
@sent_once
def budget_line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a budget line of a draft plan."""
    line = budget_line_for_user(request.user, pk)
    plan_pk, item_pk = line.item.plan_id, line.item_id
    try:
        budget_line_delete(user=request.user, line=line)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The budget line was removed."))
    return redirect("resources:item_budget", plan_pk, item_pk)


@sent_once
def outcome_edit(request: HttpRequest, plan_pk: int, round_pk: int, item_pk: int) -> HttpResponse:
    """An item's outcome in a round beside its budget; its reporters record it while the
    round is open."""
    followup_round, item = round_item_for_outcome(request.user, plan_pk, round_pk, item_pk)
    plan = item.plan
    can_record = can_record_outcome(request.user, followup_round, item)
    existing = selectors.outcome_amounts(followup_round, item)
    form = None
    if request.method == "POST" and not can_record:
        return redirect("resources:outcome_edit", plan.pk, followup_round.pk, item.pk)
    if can_record:
        initial = {f"amount_{kind}": outcome.amount for kind, outcome in existing.items()}
        initial["note"] = next((o.note for o in existing.values() if o.note), "")
        initial["versions"] = outcome_versions(existing)
        form = OutcomeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                outcomes_record(
                    user=request.user,
                    followup_round=followup_round,
                    item=item,
                    amounts=form.amounts(),
                    note=form.cleaned_data["note"],
                    expected_versions=form.cleaned_data["versions"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The outcome was saved."))
                return redirect("resources:outcome_edit", plan.pk, followup_round.pk, item.pk)
    resources = selectors.plan_resources(
        plan,
        year=followup_round.period_end.year,
        followup_round=followup_round,
        shows_outcome=True,
    )
    return render(
        request,
        "resources/outcome_edit.html",
        {
            "plan": plan,
            "item": item,
            "round": followup_round,
            "row": resources.by_item[item.pk],
            "kind_rows": _kind_rows(resources.by_item[item.pk]),
            "year": followup_round.period_end.year,
            "form": form,
            "page_title": _("Outcome in %(round)s") % {"round": followup_round.name},
        },
    )


def _kind_rows(row: selectors.ResourceRow) -> list[tuple[str, int, int, int]]:
    return [
        (
            str(label),
            row.budget.total.of(kind),
            row.outcome.total.of(kind),
            row.budget.total.of(kind) - row.outcome.total.of(kind),
        )
        for kind, label in CostKind.choices
    ]


@require_safe
def budget_template(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A CSV file of the plan's items and their budget of a year (`?ar=`), to fill in and
    import."""
    plan = plan_for_user(request.user, plan_pk)
    year = selectors.year_from(request.GET.get("ar"), plan, selectors.default_year(plan))
    response = HttpResponse(
        budget_template_file(plan=plan, year=year), content_type="text/csv; charset=utf-8"
    )
    name = file_name_of(_("Budget"), plan.title, str(year), extension="csv")
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
@sent_once
def budget_import(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Import a year's budget lines from a CSV or XLSX file: all of them, or none."""
    plan = plan_for_user(request.user, plan_pk, write=True)
    form = BudgetImportForm(request.POST or None, request.FILES or None)
    problems = []
    if not plan.is_editable:
        form = None
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte past the limit, so a larger file is refused by its size, not cut short.
        content = upload.read(MAX_FILE_SIZE + 1)
        try:
            result = import_budget(user=request.user, plan=plan, content=content)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Imported %(rows)d budget lines: %(added)d new, %(changed)d changed.")
                    % {"rows": result.rows, "added": result.added, "changed": result.changed},
                )
                return redirect(reverse("resources:plan_resources", args=[plan.pk]))
            problems = result.problems
    return render(
        request,
        "resources/budget_import.html",
        {
            "plan": plan,
            "form": form,
            "problems": problems,
            "lock_message": plan.lock_message,
            "page_title": _("Import budget lines"),
        },
    )
