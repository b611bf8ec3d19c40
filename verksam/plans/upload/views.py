"""Pages of reading a plan document: upload, review, and the original file of a plan.

Editors of an organisation upload a document for it (the rule of creating a plan);
the review belongs to its uploader alone; the original file is for the plan's
readers. Every correction on the review page is a plain form button, so the page
works without JavaScript, by keyboard and on a phone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.core.downloads import content_disposition
from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors
from verksam.organisations.models import Organisation
from verksam.plans.choices import SectionKind
from verksam.plans.permissions import (
    can_create_plan,
    organisations_for_new_plans,
    plan_for_user,
    plan_reading_for_user,
)
from verksam.plans.upload import services
from verksam.plans.upload.forms import PlanUploadForm, ReviewForm, keep_review_input
from verksam.plans.upload.models import PlanReading, PlanSourceFile
from verksam.plans.upload.review import apply_action, confidence_label, deepest, fill_levels


@login_required
@sent_once
def plan_reading_upload(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    if not can_create_plan(request.user, organisation):
        raise Http404
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            reading = services.plan_reading_create(
                user=request.user,
                organisation=organisation,
                file_name=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("plans:plan_reading_review", pk=reading.pk)
    return render(
        request, "plans/plan_reading_upload.html", {"form": form, "organisation": organisation}
    )


def _review_url(reading: PlanReading, index: int | None = None) -> str:
    url = reverse("plans:plan_reading_review", args=[reading.pk])
    return f"{url}#item-{index}" if index is not None else url


def _initial(reading: PlanReading) -> dict:
    data = reading.data
    return {
        "title": data["title"],
        "organisation": reading.organisation_id,
        "kind": data["kind"],
        "period_start": data["period_start"],
        "period_end": data["period_end"],
    }


def _item_rows(data: dict) -> list[dict]:
    """What the page shows of each item, with the corrections that can be made to it."""
    items, levels = data["items"], data["levels"]
    rows = []
    for index, item in enumerate(items):
        depth = item["depth"]
        end = index + 1
        while end < len(items) and items[end]["depth"] > depth:
            end += 1
        subtree_deepest = max(i["depth"] for i in items[index:end])
        sure, sure_label = confidence_label(item["confidence"])
        rows.append(
            {
                "index": index,
                "title": item["title"],
                # Enough lines to show the whole title at the width of a phone.
                "rows": min(8, max(2, len(item["title"]) // 30 + 1)),
                "depth": depth,
                "level_name": levels[depth] if depth < len(levels) else "",
                "sure": sure,
                "sure_label": sure_label,
                "percent": round(item["confidence"] * 100),
                "description": item.get("description", ""),
                "can_promote": depth > 0,
                "can_demote": index > 0
                and items[index - 1]["depth"] >= depth
                and subtree_deepest < 5,
                "can_merge": index > 0,
            }
        )
    return rows


@login_required
@sent_once
def plan_reading_review(request: HttpRequest, pk: int) -> HttpResponse:
    reading = plan_reading_for_user(request.user, pk)
    organisations = organisations_for_new_plans(request.user)
    data = reading.data
    if request.method == "POST":
        if request.POST.get("revision") != str(data.get("revision", 0)):
            messages.error(
                request,
                _(
                    "The review had changed since that page was shown, so nothing was done. "
                    "Here it is as it is now."
                ),
            )
            return redirect(_review_url(reading))
        form = ReviewForm(request.POST, organisations=organisations)
        valid = form.is_valid()
        keep_review_input(data, form, request.POST)
        fill_levels(data)
        data["revision"] = data.get("revision", 0) + 1
        organisation = getattr(form, "cleaned_data", {}).get("organisation")
        services.plan_reading_update(reading=reading, organisation=organisation)
        action = request.POST.get("action", "save")
        if action == "create":
            if valid:
                try:
                    plan = services.plan_reading_complete(user=request.user, reading=reading)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The plan was created as a draft from “%(name)s”.")
                        % {"name": reading.file_name},
                    )
                    return redirect(plan)
        else:
            shown = None
            if action != "save":
                try:
                    shown = apply_action(data, action)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    services.plan_reading_update(reading=reading)
            else:
                messages.success(request, _("Your corrections are kept."))
            return redirect(_review_url(reading, shown))
    else:
        form = ReviewForm(initial=_initial(reading), organisations=organisations)
    levels = data["levels"][: deepest(data["items"]) + 1]
    return render(
        request,
        "plans/plan_reading_review.html",
        {
            "reading": reading,
            "form": form,
            "data": data,
            "rows": _item_rows(data),
            "levels": list(enumerate(levels)),
            "sections": list(enumerate(data["sections"])),
            "section_kinds": SectionKind.choices,
            "blocks": data["blocks"],
        },
    )


def plan_source_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The document the plan was read from, for whoever may read the plan."""
    plan = plan_for_user(request.user, pk)
    source = get_object_or_404(PlanSourceFile, plan=plan)
    response = HttpResponse(bytes(source.content), content_type=source.content_type)
    response["Content-Disposition"] = content_disposition(source.file_name)
    return response
