"""Follow-up pages: a plan's rounds, a round's items, and the assessment of one item.

Access is decided by verksam.followup.permissions and verksam.plans.permissions;
whatever a user may not see or do answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import sent_once
from verksam.core.forms import (
    add_service_errors,
    conflict_message,
    conflicting_fields,
    edit_conflict,
    with_version,
)
from verksam.core.services import ConcurrentEdit
from verksam.followup import selectors, services, stored
from verksam.followup.choices import AssessmentState
from verksam.followup.forms import (
    AssessmentForm,
    CustomRoundForm,
    ReviewForm,
    RoundsFromRhythmForm,
)
from verksam.followup.models import Assessment
from verksam.followup.permissions import (
    can_reopen_round,
    can_report_on,
    can_review,
    can_see_unapproved,
    item_in_round,
    item_to_report_for_user,
    round_for_user,
)
from verksam.plans.permissions import plan_for_user


@sent_once
def round_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A plan's rounds; its leadership creates them here, from a rhythm or one by one."""
    plan = plan_for_user(request.user, plan_pk)
    reviewer = can_review(request.user, plan)
    rhythm_form = RoundsFromRhythmForm(plan=plan)
    custom_form = CustomRoundForm()
    status = 200
    if request.method == "POST":
        if not reviewer:
            raise Http404
        if request.POST.get("action") == "custom":
            custom_form = CustomRoundForm(request.POST)
            if custom_form.is_valid():
                try:
                    services.round_create(user=request.user, plan=plan, **custom_form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(custom_form, error)
                else:
                    messages.success(request, _("The round was created."))
                    return redirect("followup:round_list", plan_pk=plan.pk)
        else:
            rhythm_form = RoundsFromRhythmForm(request.POST, plan=plan)
            if rhythm_form.is_valid():
                try:
                    created = services.rounds_create_from_rhythm(
                        user=request.user, plan=plan, **rhythm_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(rhythm_form, error)
                else:
                    messages.success(
                        request,
                        _("%(count)d rounds were created; existing rounds were kept.")
                        % {"count": len(created)},
                    )
                    return redirect("followup:round_list", plan_pk=plan.pk)
        status = 400
    context = {
        "plan": plan,
        "rounds": selectors.rounds_with_counts(plan),
        "can_review": reviewer,
        "rhythm_form": rhythm_form,
        "custom_form": custom_form,
        "today": timezone.localdate(),
    }
    return render(request, "followup/round_list.html", context, status=status)


def round_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Every item of the plan in one round: its follow-up and its rolled-up status."""
    followup_round = round_for_user(request.user, plan_pk, pk)
    plan = followup_round.plan
    rows = selectors.round_rows(
        request.user,
        followup_round,
        show_unapproved=can_see_unapproved(request.user, plan),
    )
    context = {
        "plan": plan,
        "round": followup_round,
        "rows": rows,
        "can_review": can_review(request.user, plan),
        "can_reopen": can_reopen_round(request.user, plan),
        "today": timezone.localdate(),
    }
    return render(request, "followup/round_detail.html", context)


@login_required
@require_POST
def round_close(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    followup_round = round_for_user(request.user, plan_pk, pk, review=True)
    services.round_close(user=request.user, followup_round=followup_round)
    messages.success(request, _("The round is closed."))
    return redirect(followup_round)


@login_required
@require_POST
def round_reopen(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    followup_round = round_for_user(request.user, plan_pk, pk)
    if not can_reopen_round(request.user, followup_round.plan):
        raise Http404
    services.round_reopen(user=request.user, followup_round=followup_round)
    messages.success(request, _("The round is open again."))
    return redirect(followup_round)


@sent_once
def assessment_edit(
    request: HttpRequest, plan_pk: int, round_pk: int, item_pk: int
) -> HttpResponse:
    """The follow-up of one item in a round: reporters write and submit it, the plan's
    leadership reviews it, and whoever may read the plan reads it once approved."""
    followup_round = round_for_user(request.user, plan_pk, round_pk)
    item = item_in_round(followup_round, item_pk)
    plan = followup_round.plan
    reporter = can_report_on(request.user, item)
    assessments = Assessment.objects.select_related("author", "approved_by").filter(
        round=followup_round, item=item
    )
    if not (reporter or can_see_unapproved(request.user, plan)):
        assessments = assessments.filter(state=AssessmentState.APPROVED)
    assessment = assessments.first()
    reviewer = can_review(request.user, plan)
    editable = (
        reporter
        and not followup_round.is_closed
        and (assessment is None or not assessment.is_locked)
    )
    form_kwargs = {
        "status_choices": services.status_choices_for(item),
        "asks_forecast": not followup_round.is_year_end,
    }
    status = 200
    conflict = None
    if request.method == "POST":
        if not editable:
            raise Http404
        form = AssessmentForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            submit = request.POST.get("action") == "submit"
            try:
                services.assessment_save(
                    user=request.user,
                    followup_round=followup_round,
                    item=item,
                    status=data["status"],
                    forecast=data.get("forecast", ""),
                    progress=data["progress"],
                    done=data["done"],
                    results=data["results"],
                    improvements=data["improvements"],
                    expected_version=data["version"],
                    submit=submit,
                )
            except ConcurrentEdit as error:
                # Show the user's input beside what is saved now, with the new version.
                saved = Assessment.objects.select_related("round").get(
                    round=followup_round, item=item
                )
                form = AssessmentForm(
                    with_version(request.POST, error.current_version), **form_kwargs
                )
                form.is_valid()
                differences = conflicting_fields(form, _assessment_values(saved))
                done = not submit or saved.state in (
                    AssessmentState.SUBMITTED,
                    AssessmentState.APPROVED,
                )
                if not differences and done:
                    # What is saved is what was sent (e.g. the same form sent again).
                    return redirect("followup:assessment_edit", plan.pk, followup_round.pk, item.pk)
                conflict = edit_conflict(saved, differences, user=request.user)
                form.add_error(None, conflict_message(conflict))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The follow-up was submitted for approval.")
                    if submit
                    else _("The follow-up was saved as a draft."),
                )
                return redirect("followup:assessment_edit", plan.pk, followup_round.pk, item.pk)
        status = 400
    else:
        # Version 0: there was no assessment when the form was loaded, so a save is
        # refused if someone else writes the first one meanwhile.
        initial = {"version": 0}
        if assessment is not None:
            initial = {**_assessment_values(assessment), "version": assessment.version}
        form = AssessmentForm(initial=initial, **form_kwargs)
    derivation = stored.round_statuses(followup_round, [item.pk]).get(item.pk)
    context = {
        "plan": plan,
        "round": followup_round,
        "item": item,
        "assessment": assessment,
        "form": form,
        "editable": editable,
        "can_review": reviewer,
        # Those who may share an approved follow-up as a lesson (verksam.lessons).
        "may_share": reviewer or reporter,
        "review_form": ReviewForm(),
        "derivation": derivation,
        "is_activity": plan.is_activity_level(item.depth),
        "today": timezone.localdate(),
        "conflict": conflict,
    }
    return render(request, "followup/assessment_edit.html", context, status=status)


def _assessment_values(assessment: Assessment) -> dict:
    """The assessment's values as its form holds them."""
    return {
        "status": assessment.status,
        "forecast": assessment.forecast,
        "progress": assessment.progress,
        "done": assessment.done,
        "results": assessment.results,
        "improvements": assessment.improvements,
    }


@login_required
@require_POST
def assessment_review(
    request: HttpRequest, plan_pk: int, round_pk: int, item_pk: int
) -> HttpResponse:
    """Approve, return or reopen a follow-up: for the plan's leadership."""
    followup_round = round_for_user(request.user, plan_pk, round_pk, review=True)
    item = item_to_report_for_user(request.user, followup_round, item_pk)
    assessment = Assessment.objects.filter(round=followup_round, item=item).first()
    if assessment is None:
        raise Http404
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    action = request.POST.get("action")
    actions = {
        "approve": (services.assessment_approve, _("The follow-up was approved.")),
        "return": (services.assessment_return, _("The follow-up was returned for changes.")),
        "reopen": (services.assessment_reopen, _("The follow-up was reopened.")),
    }
    if action not in actions:
        raise Http404
    service, success = actions[action]
    try:
        service(user=request.user, assessment=assessment, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("followup:assessment_edit", followup_round.plan_id, followup_round.pk, item.pk)
